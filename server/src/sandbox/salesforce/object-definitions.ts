/**
 * The sandbox org's objects and fields (SF-SCHEMA.md, plus the Telltale catalogue fields on Account).
 * Key prefixes are Salesforce's: User 005, Account 001, AccountHistory 017, Contact 003, Opportunity 006,
 * Case 500, Task 00T, Event 00U.
 */
import type { FieldCatalogue } from '../../actions/fields-catalogue.js';
import { catalogueAccountFields } from './catalogue-fields.js';
import { field, objectDefinition, picklist, reference, systemFields, type ObjectDefinition } from './object-schema.js';
import type { SObjectName } from './org-data.js';
import {
  ACCOUNT_TYPES, BUYING_ROLES, CALL_TYPES, CASE_PRIORITIES, CASE_STATUSES, CASE_TYPES, CUSTOMER_SEGMENTS, EMAIL_DIRECTIONS,
  INDUSTRIES, OPPORTUNITY_STAGES, OPPORTUNITY_TYPES, TASK_PRIORITIES, TASK_STATUSES, TASK_SUBTYPES, TRACKED_ACCOUNT_FIELDS,
} from './org-picklists.js';

export const KEY_PREFIXES: Readonly<Record<SObjectName, string>> = {
  User: '005', Account: '001', AccountHistory: '017', Contact: '003', Opportunity: '006', Case: '500', Task: '00T', Event: '00U',
};

const number = (name: string, label: string, precision: number, scale = 0) => field(name, label, 'double', { precision, scale });
const currency = (name: string, label: string) => field(name, label, 'currency', { precision: 18, scale: 2 });
const owner = () => reference('OwnerId', 'Owner ID', ['User'], { nillable: false, defaultedOnCreate: true, relationshipName: 'Owner' });
const readOnlyFlag = (name: string, label: string) => field(name, label, 'boolean', { readOnly: true, nillable: false, defaultedOnCreate: true, calculated: true });
const activityWhat = () => reference('WhatId', 'Related To ID', ['Account', 'Opportunity', 'Case'], { relationshipName: 'What' });
const activityWho = () => reference('WhoId', 'Name ID', ['Contact'], { relationshipName: 'Who' });

type Spec = Omit<ObjectDefinition, 'byName' | 'fields' | 'keyPrefix'> & { fields: ReturnType<typeof field>[] };

function objects(catalogue?: FieldCatalogue): Spec[] {
  const readOnlyObject = { createable: false, updateable: false, deletable: false, queryable: true };
  const writable = { createable: true, updateable: true, deletable: true, queryable: true };
  return [
    {
      name: 'User', label: 'User', labelPlural: 'Users', ...readOnlyObject,
      fields: [
        ...systemFields(),
        field('Username', 'Username', 'string', { length: 80, nillable: false }),
        field('FirstName', 'First Name', 'string', { length: 40 }),
        field('LastName', 'Last Name', 'string', { length: 80, nillable: false }),
        field('Name', 'Full Name', 'string', { length: 121, readOnly: true, nillable: false, calculated: true }),
        field('Email', 'Email', 'email', { length: 128, nillable: false }),
        field('IsActive', 'Active', 'boolean', { nillable: false, defaultedOnCreate: true }),
        field('Title', 'Title', 'string', { length: 80 }),
      ],
    },
    {
      name: 'Account', label: 'Account', labelPlural: 'Accounts', ...writable,
      fields: [
        ...systemFields(),
        field('Name', 'Account Name', 'string', { nillable: false, required: true }),
        field('Website', 'Website', 'url'),
        picklist('Industry', 'Industry', INDUSTRIES),
        field('NumberOfEmployees', 'Employees', 'int', { digits: 8 }),
        owner(),
        picklist('Type', 'Account Type', ACCOUNT_TYPES),
        currency('ARR__c', 'ARR'),
        number('Licensed_Seats__c', 'Licensed Seats', 18),
        field('Contract_Start_Date__c', 'Contract Start Date', 'date'),
        field('Renewal_Date__c', 'Renewal Date', 'date'),
        field('Churn_Date__c', 'Churn Date', 'date'),
        picklist('Customer_Segment__c', 'Customer Segment', CUSTOMER_SEGMENTS),
        number('Days_Past_Due__c', 'Days Past Due', 18),
        number('Health_Score__c', 'Health Score', 3),
        ...catalogueAccountFields(catalogue),
      ],
    },
    {
      name: 'AccountHistory', label: 'Account History', labelPlural: 'Account History', ...readOnlyObject,
      fields: [
        ...systemFields({ modstamps: false }),
        reference('AccountId', 'Account ID', ['Account'], { readOnly: true, nillable: false }),
        picklist('Field', 'Changed Field', [...new Set(Object.values(TRACKED_ACCOUNT_FIELDS))], { readOnly: true, nillable: false }),
        field('OldValue', 'Old Value', 'anyType', { readOnly: true, length: 255 }),
        field('NewValue', 'New Value', 'anyType', { readOnly: true, length: 255 }),
      ],
    },
    {
      name: 'Contact', label: 'Contact', labelPlural: 'Contacts', ...writable,
      fields: [
        ...systemFields(),
        reference('AccountId', 'Account ID', ['Account']),
        field('FirstName', 'First Name', 'string', { length: 40 }),
        field('LastName', 'Last Name', 'string', { length: 80, nillable: false, required: true }),
        field('Name', 'Full Name', 'string', { length: 121, readOnly: true, nillable: false, calculated: true }),
        field('Email', 'Email', 'email'),
        field('Title', 'Title', 'string', { length: 128 }),
        picklist('Buying_Role__c', 'Buying Role', BUYING_ROLES, { type: 'multipicklist' }),
      ],
    },
    {
      name: 'Opportunity', label: 'Opportunity', labelPlural: 'Opportunities', ...writable,
      fields: [
        ...systemFields(),
        reference('AccountId', 'Account ID', ['Account']),
        field('Name', 'Name', 'string', { length: 120, nillable: false, required: true }),
        currency('Amount', 'Amount'),
        field('CloseDate', 'Close Date', 'date', { nillable: false, required: true }),
        picklist('StageName', 'Stage', OPPORTUNITY_STAGES, { nillable: false, required: true }),
        readOnlyFlag('IsClosed', 'Closed'),
        readOnlyFlag('IsWon', 'Won'),
        picklist('Type', 'Opportunity Type', OPPORTUNITY_TYPES),
        field('Loss_Reason__c', 'Loss Reason', 'string'),
        owner(),
      ],
    },
    {
      name: 'Case', label: 'Case', labelPlural: 'Cases', ...writable,
      fields: [
        ...systemFields(),
        reference('AccountId', 'Account ID', ['Account']),
        reference('ContactId', 'Contact ID', ['Contact']),
        field('Subject', 'Subject', 'string'),
        field('Description', 'Description', 'textarea'),
        picklist('Status', 'Status', CASE_STATUSES, { defaultedOnCreate: true }),
        readOnlyFlag('IsClosed', 'Closed'),
        field('ClosedDate', 'Closed Date', 'datetime', { readOnly: true, calculated: true }),
        picklist('Priority', 'Priority', CASE_PRIORITIES, { defaultedOnCreate: true }),
        picklist('Type', 'Case Type', CASE_TYPES),
        field('IsEscalated', 'Escalated', 'boolean', { nillable: false, defaultedOnCreate: true }),
        field('First_Response_At__c', 'First Response At', 'datetime'),
        number('CSAT__c', 'CSAT', 1),
      ],
    },
    {
      name: 'Task', label: 'Task', labelPlural: 'Tasks', ...writable,
      fields: [
        ...systemFields(),
        activityWhat(),
        activityWho(),
        field('Subject', 'Subject', 'string'),
        field('Description', 'Description', 'textarea'),
        field('ActivityDate', 'Due Date Only', 'date'),
        picklist('Status', 'Status', TASK_STATUSES, { nillable: false, defaultedOnCreate: true }),
        readOnlyFlag('IsClosed', 'Closed'),
        picklist('Priority', 'Priority', TASK_PRIORITIES, { nillable: false, defaultedOnCreate: true }),
        owner(),
        picklist('TaskSubtype', 'Task Subtype', TASK_SUBTYPES, { updateable: false, defaultedOnCreate: true }),
        picklist('Direction__c', 'Direction', EMAIL_DIRECTIONS),
        picklist('CallType', 'Call Type', CALL_TYPES),
        field('CallDurationInSeconds', 'Call Duration', 'int', { digits: 8 }),
        field('Telltale_Intervention_Key__c', 'Telltale Intervention Key', 'string', { length: 64, externalId: true }),
      ],
    },
    {
      name: 'Event', label: 'Event', labelPlural: 'Events', ...writable,
      fields: [
        ...systemFields(),
        activityWhat(),
        activityWho(),
        field('Subject', 'Subject', 'string'),
        field('StartDateTime', 'Start Date Time', 'datetime', { nillable: false, required: true }),
        field('EndDateTime', 'End Date Time', 'datetime', { defaultedOnCreate: true }),
        field('DurationInMinutes', 'Duration', 'int', { digits: 8, defaultedOnCreate: true }),
        owner(),
      ],
    },
  ];
}

/** Every object of the sandbox org, by name. */
export type OrgSchema = ReadonlyMap<SObjectName, ObjectDefinition>;

/** The org's object definitions (the Telltale fields from `catalogue`, by default manifests/fields.json). */
export function orgSchema(catalogue?: FieldCatalogue): OrgSchema {
  return new Map(objects(catalogue).map((spec) => [spec.name, objectDefinition({ ...spec, keyPrefix: KEY_PREFIXES[spec.name] })]));
}

/** The object an id belongs to, by its key prefix. */
export function objectForId(schema: OrgSchema, id: string): ObjectDefinition | undefined {
  const prefix = id.slice(0, 3);
  for (const object of schema.values()) if (object.keyPrefix === prefix) return object;
  return undefined;
}
