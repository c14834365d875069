/**
 * What scoring a table needs from a model, whichever card it has: the input columns in model order
 * (a number, or a category with its code map), the imputation plan, the ONNX reference and outputs,
 * and how one CSV row becomes the model's input. The cell rules are the training pipeline's
 * (models/telltale_models/tabular_table.py); a bring-your-own card states them and is refused when
 * they differ from these.
 */
import { CsvFormatError } from './tabular-csv.js';
import type { ImputationPlan } from './impute.js';
import type { LoadedModel } from './model-card.js';
import type { OnnxModelRef } from './worker-protocol.js';

/** Cells that mean "no value", compared after trimming spaces and tabs, case-sensitively. */
export const MISSING_VALUES: readonly string[] = ['', 'NA', 'na', 'N/A', 'n/a', '#N/A', 'NaN', 'nan', 'NAN', 'null', 'NULL', 'Null'];
/** A decimal number; anything else in a numeric column is an error. Parsed with Number (correctly rounded, as Python's float). */
export const NUMBER_PATTERN = String.raw`[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?`;
/** Columns of the product's training table copied into predictions when present. */
export const TRAINING_TABLE_ID_COLUMNS: readonly string[] = ['tenant_id', 'account_id', 'snapshot_date'];

const MISSING = new Set(MISSING_VALUES);
const NUMBER = new RegExp(`^(?:${NUMBER_PATTERN})$`);

/** One model input: a number, or a category (text) turned into its code. */
export interface InputColumn {
  name: string;
  /** category -> code; null for a numeric column. */
  categories: ReadonlyMap<string, number> | null;
}

/** A verified model as table scoring uses it. */
export interface TableScorer {
  /** `manifest`: a starter or tenant model over manifests/features.json; `tabular`: trained on any CSV with --label. */
  kind: 'manifest' | 'tabular';
  dir: string;
  name: string;
  version: string;
  columns: readonly InputColumn[];
  imputation: ImputationPlan;
  onnx: OnnxModelRef;
  outputs: readonly string[];
  /** Columns copied into the predictions when the table has them (ids and time). */
  idColumns: readonly string[];
}

/** A starter (or tenant) model: the manifest's features, all numeric. */
export function manifestTableScorer(model: LoadedModel): TableScorer {
  return {
    kind: 'manifest',
    dir: model.dir,
    name: model.name,
    version: model.version,
    columns: model.featureNames.map((name) => ({ name, categories: null })),
    imputation: model.imputation,
    onnx: model.onnx,
    outputs: model.outputs,
    idColumns: TRAINING_TABLE_ID_COLUMNS,
  };
}

/** One row as model input before imputation (NaN = missing), and the columns whose category is unknown to the model (NaN too). */
export interface EncodedRow {
  values: Float64Array;
  unseen: string[];
}

function trimCell(cell: string): string {
  const first = cell.charCodeAt(0);
  const last = cell.charCodeAt(cell.length - 1);
  if (first !== 32 && first !== 9 && last !== 32 && last !== 9) return cell;
  return cell.replace(/^[ \t]+|[ \t]+$/g, '');
}

/**
 * Encodes one record. `at[j]` is the table column holding input column j. A numeric column's cell
 * that is neither missing nor a number is refused with a CsvFormatError naming the line.
 */
export function encodeRow(fields: readonly string[], at: readonly number[], columns: readonly InputColumn[], line: number): EncodedRow {
  const values = new Float64Array(columns.length);
  const unseen: string[] = [];
  for (let j = 0; j < columns.length; j++) {
    const cell = trimCell(fields[at[j]!]!);
    const column = columns[j]!;
    if (MISSING.has(cell)) {
      values[j] = Number.NaN;
    } else if (column.categories) {
      const code = column.categories.get(cell);
      if (code === undefined) unseen.push(column.name);
      values[j] = code ?? Number.NaN;
    } else if (NUMBER.test(cell)) {
      values[j] = Number(cell);
    } else {
      throw new CsvFormatError(line, `column ${JSON.stringify(column.name)} holds numbers, but this row has ${JSON.stringify(cell.slice(0, 80))}`);
    }
  }
  return { values, unseen };
}
