import type { HubSpotObjectType, SandboxAssociation } from './portal-data.js';
import { compareIds } from './sorted-index.js';

/** One association type on a link, as v4 reports it. */
export interface AssociationType {
  category: 'HUBSPOT_DEFINED' | 'USER_DEFINED';
  typeId: number;
  label: string | null;
}

/** A linked record and every association type between the two. */
export interface AssociatedRecord {
  toObjectId: string;
  associationTypes: AssociationType[];
}

/**
 * HubSpot-defined association type ids in both directions (HubSpot's published table): HubSpot
 * stores every association both ways, so the index adds the reverse of each one the data gives.
 */
const INVERSE_PAIRS: Array<[number, number]> = [
  [279, 280], // contact → company / company → contact
  [1, 2], // primary contact → company
  [3, 4], // deal → contact / contact → deal
  [341, 342], // deal → company
  [5, 6], // primary deal → company
  [16, 15], // ticket → contact / contact → ticket
  [339, 340], // ticket → company
  [26, 25], // primary ticket → company
  [194, 193], // call → contact
  [182, 181], // call → company
  [198, 197], // email → contact
  [186, 185], // email → company
  [200, 199], // meeting → contact
  [188, 187], // meeting → company
  [202, 201], // note → contact
  [190, 189], // note → company
  [204, 203], // task → contact
  [192, 191], // task → company
  [224, 223], // email → ticket
  [220, 219], // call → ticket
  [226, 225], // meeting → ticket
  [228, 227], // note → ticket
  [230, 229], // task → ticket
];
const INVERSE = new Map<number, number>();
for (const [a, b] of INVERSE_PAIRS) {
  INVERSE.set(a, b);
  INVERSE.set(b, a);
}

function inverseTypeId(typeId: number): number {
  return INVERSE.get(typeId) ?? typeId;
}

type Links = Map<string, AssociationType[]>;

/** Associations of the portal, reachable from either side, ordered by the linked record's id. */
export class AssociationIndex {
  private readonly links = new Map<string, Links>();

  constructor(associations: readonly SandboxAssociation[]) {
    for (const a of associations) this.add(a);
  }

  private static key(fromType: HubSpotObjectType, fromId: string, toType: HubSpotObjectType): string {
    return `${fromType}:${fromId}:${toType}`;
  }

  private addDirected(fromType: HubSpotObjectType, fromId: string, toType: HubSpotObjectType, toId: string, type: AssociationType): void {
    const key = AssociationIndex.key(fromType, fromId, toType);
    let links = this.links.get(key);
    if (!links) {
      links = new Map();
      this.links.set(key, links);
    }
    const types = links.get(toId) ?? [];
    if (!types.some((t) => t.typeId === type.typeId && t.category === type.category)) types.push(type);
    links.set(toId, types);
  }

  /** Adds an association and its reverse. */
  add(a: SandboxAssociation): void {
    this.addDirected(a.fromType, a.fromId, a.toType, a.toId, { category: a.category, typeId: a.typeId, label: a.label });
    const reverseTypeId = a.category === 'HUBSPOT_DEFINED' ? inverseTypeId(a.typeId) : a.typeId;
    this.addDirected(a.toType, a.toId, a.fromType, a.fromId, { category: a.category, typeId: reverseTypeId, label: a.label });
  }

  /** Every record of `toType` linked to the given record, by ascending id. */
  list(fromType: HubSpotObjectType, fromId: string, toType: HubSpotObjectType): AssociatedRecord[] {
    const links = this.links.get(AssociationIndex.key(fromType, fromId, toType));
    if (!links) return [];
    return [...links.entries()]
      .sort(([a], [b]) => compareIds(a, b))
      .map(([toObjectId, types]) => ({ toObjectId, associationTypes: types.map((t) => ({ ...t })) }));
  }
}
