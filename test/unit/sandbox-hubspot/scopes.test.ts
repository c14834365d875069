import { describe, expect, it } from 'vitest';
import { acceptedScopes } from '../../../server/src/sandbox/hubspot/scopes.js';

describe('HubSpot sandbox scope rules', () => {
  it('asks for the record read scope for reads, searches and batch reads, and the write scope for writes', () => {
    expect(acceptedScopes('GET', '/crm/v3/objects/companies/1001')).toEqual(['crm.objects.companies.read']);
    expect(acceptedScopes('POST', '/crm/v3/objects/0-2/search')).toEqual(['crm.objects.companies.read']);
    expect(acceptedScopes('POST', '/crm/v3/objects/companies/batch/read')).toEqual(['crm.objects.companies.read']);
    expect(acceptedScopes('POST', '/crm/v3/objects/companies/batch/update')).toEqual(['crm.objects.companies.write']);
    expect(acceptedScopes('PATCH', '/crm/v3/objects/contacts/5001')).toEqual(['crm.objects.contacts.write']);
  });

  it('asks for the schema write scope to change property definitions and groups, and takes either read scope to list them', () => {
    expect(acceptedScopes('POST', '/crm/v3/properties/companies/batch/create')).toEqual(['crm.schemas.companies.write']);
    expect(acceptedScopes('PATCH', '/crm/v3/properties/companies/groups/telltale')).toEqual(['crm.schemas.companies.write']);
    expect(acceptedScopes('GET', '/crm/v3/properties/companies')).toEqual(['crm.schemas.companies.read', 'crm.objects.companies.read']);
  });

  it('uses the legacy tickets scope for tickets, the owners scope for owners and leaves account info unchecked', () => {
    expect(acceptedScopes('POST', '/crm/v3/objects/tickets/search')).toEqual(['tickets']);
    expect(acceptedScopes('GET', '/crm/v3/owners')).toEqual(['crm.objects.owners.read']);
    expect(acceptedScopes('POST', '/crm/v4/associations/deals/companies/batch/read')).toEqual(['crm.objects.deals.read']);
    expect(acceptedScopes('GET', '/account-info/v3/details')).toBeUndefined();
    expect(acceptedScopes('GET', '/crm/v3/objects/widgets')).toBeUndefined();
  });
});
