/** manifests/fields.json, read the way the generator reads it, so the card's tests follow the catalogue. */
import { readFileSync } from 'fs';
import { join } from 'path';

export const CATALOGUE = JSON.parse(readFileSync(join(__dirname, '../../../../../manifests/fields.json'), 'utf8'));

/** The catalogue field with this key; throws for a key the catalogue does not have. */
export function catalogueField(key) {
    const field = CATALOGUE.fields.find((f) => f.key === key);
    if (!field) throw new Error(`manifests/fields.json has no field ${key}`);
    return field;
}
