import { loadFieldCatalogue, type CatalogueField, type FieldCatalogue } from '../../actions/fields-catalogue.js';
import type { Logger } from '../../logging/logger.js';
import { hubspotPropertyDefinition, propertyDrift } from './catalogue-properties.js';
import { CrmError, CrmErrorKind } from '../crm-error.js';
import { HUBSPOT_LIMITS, type HubSpotApi } from './hubspot-api.js';
import { withScopeHint } from './scope-hint.js';

/** The scopes the install needs on the object type's property definitions. */
export const INSTALL_SCOPES = ['crm.schemas.companies.read', 'crm.schemas.companies.write'] as const;

/** What one install run did. A run on an up-to-date portal creates and updates nothing. */
export interface InstallReport {
  group: 'created' | 'relabelled' | 'unchanged';
  /** Property names created. */
  created: string[];
  /** Property names updated, with the attributes that had drifted. */
  updated: Array<{ name: string; what: string[] }>;
  unchanged: string[];
}

/** The portal holds a definition the install will not change (INVALID); nothing was written. */
export class PropertyInstallError extends CrmError {
  override name = 'PropertyInstallError';
  constructor(readonly conflicts: string[]) {
    super(`Telltale's HubSpot properties cannot be installed: ${conflicts.join('; ')}. Nothing was changed.`, {
      kind: CrmErrorKind.Invalid,
      crm: 'hubspot',
      endpoint: 'GET /crm/v3/properties/{objectType}',
    });
  }
}

/**
 * Brings the portal's company properties in line with the field catalogue: creates the `telltale`
 * property group and every missing property (batch create), repairs labels, descriptions, options
 * and display hints that drifted (one PATCH per drifted property), and never archives or deletes a
 * property, an option or a value. Reads first and writes only differences, so a second run makes no
 * write. Throws PropertyInstallError before writing anything when a property cannot be repaired
 * safely (another type, archived in the portal, a HubSpot-defined property), and an AUTH CrmError
 * naming the scopes when the portal refuses.
 */
export async function installHubSpotProperties(api: HubSpotApi, options: { catalogue?: FieldCatalogue; logger?: Logger } = {}): Promise<InstallReport> {
  const catalogue = options.catalogue ?? loadFieldCatalogue();
  try {
    const report = await install(api, catalogue);
    options.logger?.info(
      { tenant: api.tenantId, group: report.group, created: report.created.length, updated: report.updated.length, unchanged: report.unchanged.length },
      'HubSpot properties installed',
    );
    return report;
  } catch (error) {
    throw withScopeHint(error, "Installing Telltale's HubSpot properties", INSTALL_SCOPES);
  }
}

async function install(api: HubSpotApi, catalogue: FieldCatalogue): Promise<InstallReport> {
  const { objectType, group } = catalogue.hubspot;
  const groups = await api.listPropertyGroups(objectType);
  const live = new Map((await api.listPropertyDefinitions(objectType)).map((definition) => [definition.name, definition]));

  const missing: CatalogueField[] = [];
  const updated: InstallReport['updated'] = [];
  const patches: Array<{ name: string; patch: Parameters<HubSpotApi['updatePropertyDefinition']>[2] }> = [];
  const unchanged: string[] = [];
  const conflicts: string[] = [];
  for (const field of catalogue.fields) {
    const portal = live.get(field.hubspot.name);
    if (!portal) {
      missing.push(field);
      continue;
    }
    const drift = propertyDrift(catalogue, field, portal);
    if (drift.kind === 'conflict') conflicts.push(drift.reason);
    else if (drift.kind === 'same') unchanged.push(field.hubspot.name);
    else {
      patches.push({ name: field.hubspot.name, patch: drift.patch });
      updated.push({ name: field.hubspot.name, what: drift.what });
    }
  }
  if (missing.length > 0) {
    // Only an extra read when something is missing: HubSpot keeps archived names reserved.
    const archived = new Set((await api.listPropertyDefinitions(objectType, true)).map((definition) => definition.name));
    for (const field of missing) {
      if (archived.has(field.hubspot.name)) {
        conflicts.push(`${field.hubspot.name} is archived in the portal; restore it in HubSpot (Settings > Properties > Archived properties) and install again`);
      }
    }
  }
  if (conflicts.length > 0) throw new PropertyInstallError(conflicts);

  const existingGroup = groups.find((candidate) => candidate.name === group.name);
  let groupOutcome: InstallReport['group'] = 'unchanged';
  if (!existingGroup) {
    await ignoreAlreadyExists(api.createPropertyGroup(objectType, { name: group.name, label: group.label, displayOrder: -1 }));
    groupOutcome = 'created';
  } else if (existingGroup.label !== group.label) {
    await api.updatePropertyGroupLabel(objectType, group.name, group.label);
    groupOutcome = 'relabelled';
  }

  const created: string[] = [];
  for (let start = 0; start < missing.length; start += HUBSPOT_LIMITS.batchWriteInputs) {
    const inputs = missing.slice(start, start + HUBSPOT_LIMITS.batchWriteInputs).map((field) => hubspotPropertyDefinition(catalogue, field));
    const result = await api.createPropertyDefinitions(objectType, inputs);
    created.push(...result.created.map((definition) => definition.name));
    // Another install that raced this one created it: it exists, which is what was wanted.
    const refused = result.errors.filter((error) => error.category !== 'OBJECT_ALREADY_EXISTS');
    if (refused.length > 0) {
      throw new CrmError(`HubSpot refused to create Telltale properties: ${refused.map((error) => error.message).join('; ')}`, {
        kind: CrmErrorKind.Invalid,
        crm: 'hubspot',
        endpoint: 'POST /crm/v3/properties/{objectType}/batch/create',
      });
    }
  }
  for (const { name, patch } of patches) await api.updatePropertyDefinition(objectType, name, patch);
  return { group: groupOutcome, created, updated, unchanged };
}

async function ignoreAlreadyExists(call: Promise<void>): Promise<void> {
  try {
    await call;
  } catch (error) {
    if (error instanceof CrmError && error.status === 409) return;
    throw error;
  }
}
