import type { HubSpotObjectType, PortalData, PropertyDefinition, PropertyGroup } from './portal-data.js';
import { HUBSPOT_OBJECT_TYPES } from './portal-data.js';
import { SINGULAR_NAME } from './object-types.js';
import { systemDefinitions } from './system-properties.js';

/** The portal's property definitions and property groups per object type. */
export class PropertyCatalog {
  private readonly definitions = new Map<HubSpotObjectType, Map<string, PropertyDefinition>>();
  private readonly groups = new Map<HubSpotObjectType, Map<string, PropertyGroup>>();

  constructor(data: Pick<PortalData, 'properties' | 'propertyGroups' | 'asOf'>) {
    for (const type of HUBSPOT_OBJECT_TYPES) {
      const groups = new Map((data.propertyGroups[type] ?? []).map((g) => [g.name, { ...g }]));
      const defs = new Map((data.properties[type] ?? []).map((d) => [d.name, structuredClone(d)]));
      const systemGroup = [...groups.keys()][0] ?? `${SINGULAR_NAME[type]}information`;
      if (!groups.has(systemGroup)) {
        groups.set(systemGroup, { name: systemGroup, label: `${SINGULAR_NAME[type]} information`, displayOrder: -1, archived: false });
      }
      for (const def of systemDefinitions(type, systemGroup, data.asOf)) if (!defs.has(def.name)) defs.set(def.name, def);
      this.definitions.set(type, defs);
      this.groups.set(type, groups);
    }
  }

  private defsOf(type: HubSpotObjectType): Map<string, PropertyDefinition> {
    const defs = this.definitions.get(type);
    if (!defs) throw new Error(`no property catalog for ${type}`);
    return defs;
  }

  private groupsOf(type: HubSpotObjectType): Map<string, PropertyGroup> {
    const groups = this.groups.get(type);
    if (!groups) throw new Error(`no property groups for ${type}`);
    return groups;
  }

  /** The live (non-archived) definition of a property, if the portal has it. */
  get(type: HubSpotObjectType, name: string): PropertyDefinition | undefined {
    const def = this.defsOf(type).get(name);
    return def && !def.archived ? def : undefined;
  }

  /** Definitions, live ones by default or only archived ones. */
  list(type: HubSpotObjectType, archived = false): PropertyDefinition[] {
    return [...this.defsOf(type).values()].filter((d) => Boolean(d.archived) === archived);
  }

  /** True when a definition with this name exists, archived or not (HubSpot refuses to reuse the name). */
  exists(type: HubSpotObjectType, name: string): boolean {
    return this.defsOf(type).has(name);
  }

  put(type: HubSpotObjectType, def: PropertyDefinition): PropertyDefinition {
    this.defsOf(type).set(def.name, def);
    return def;
  }

  group(type: HubSpotObjectType, name: string): PropertyGroup | undefined {
    return this.groupsOf(type).get(name);
  }

  listGroups(type: HubSpotObjectType): PropertyGroup[] {
    return [...this.groupsOf(type).values()].filter((g) => !g.archived);
  }

  putGroup(type: HubSpotObjectType, group: PropertyGroup): PropertyGroup {
    this.groupsOf(type).set(group.name, group);
    return group;
  }
}
