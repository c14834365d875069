/**
 * CSV in and out for scoring tables: an incremental RFC 4180 reader (quoted fields, doubled quotes,
 * line breaks inside quotes, LF / CRLF / CR line ends, a UTF-8 BOM dropped, blank lines skipped) that
 * parses a stream chunk by chunk, so a table of any size is never held in memory, and names the line
 * of every malformed record. It reads as Python's `csv` module does in strict mode (the training
 * pipeline's reader): a quote inside an unquoted field is kept, text after a closing quote is refused.
 */

/** A malformed table: the message names the line. */
export class CsvFormatError extends Error {
  override readonly name = 'CsvFormatError';
  constructor(
    /** The line (1-based) the bad record starts on. */
    readonly line: number,
    detail: string,
  ) {
    super(`line ${line}: ${detail}`);
  }
}

/** One record: its fields and the line it starts on. */
export interface CsvRecord {
  fields: string[];
  line: number;
}

const COMMA = 44;
const QUOTE = 34;
const LF = 10;
const CR = 13;

/** Parses CSV text pushed in chunks; each call returns the records completed so far. */
export class CsvParser {
  private fields: string[] = [];
  private field = '';
  private inQuotes = false;
  /** A quote was seen inside a quoted field at the end of a chunk: doubled or closing, the next chunk says. */
  private quotePending = false;
  private afterQuote = false;
  private skipLf = false;
  private hasContent = false;
  private started = false;
  private line = 1;
  private recordLine = 1;

  /** The line the parser has reached. */
  get currentLine(): number {
    return this.line;
  }

  push(chunk: string): CsvRecord[] {
    let text = chunk;
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    const records: CsvRecord[] = [];
    let i = 0;
    const n = text.length;
    while (i < n) {
      if (this.skipLf) {
        this.skipLf = false;
        if (text.charCodeAt(i) === LF) {
          i++;
          continue;
        }
      }
      if (this.quotePending) {
        this.quotePending = false;
        if (text.charCodeAt(i) === QUOTE) {
          this.field += '"';
          i++;
          continue;
        }
        this.inQuotes = false;
        this.afterQuote = true;
      }
      if (this.inQuotes) {
        const quote = text.indexOf('"', i);
        const end = quote < 0 ? n : quote;
        const part = text.slice(i, end);
        this.field += part;
        for (let k = part.indexOf('\n'); k >= 0; k = part.indexOf('\n', k + 1)) this.line++;
        if (quote < 0) break;
        i = quote + 1;
        this.quotePending = true;
        continue;
      }
      const c = text.charCodeAt(i);
      if (c === COMMA) {
        this.endField();
        i++;
      } else if (c === LF || c === CR) {
        const record = this.endRecord();
        if (record) records.push(record);
        this.line++;
        this.recordLine = this.line;
        this.skipLf = c === CR;
        i++;
      } else if (this.afterQuote) {
        throw new CsvFormatError(this.recordLine, `"," or a line end expected after the closing quote of field ${this.fields.length + 1}`);
      } else if (c === QUOTE && this.field.length === 0) {
        this.inQuotes = true;
        this.hasContent = true;
        i++;
      } else {
        // An unquoted run up to the next separator or line end (a quote inside it is kept).
        let j = i + 1;
        while (j < n) {
          const d = text.charCodeAt(j);
          if (d === COMMA || d === LF || d === CR) break;
          j++;
        }
        this.field += text.slice(i, j);
        this.hasContent = true;
        i = j;
      }
    }
    return records;
  }

  /** The last record when the text does not end with a line break; refuses an unterminated quote. */
  end(): CsvRecord[] {
    if (this.quotePending) {
      this.quotePending = false;
      this.inQuotes = false;
      this.afterQuote = true;
    }
    if (this.inQuotes) throw new CsvFormatError(this.recordLine, `the quoted field ${this.fields.length + 1} is never closed`);
    const record = this.endRecord();
    return record ? [record] : [];
  }

  private endField(): void {
    this.fields.push(this.field);
    this.field = '';
    this.afterQuote = false;
    this.hasContent = true;
  }

  private endRecord(): CsvRecord | undefined {
    if (!this.hasContent) return undefined;
    this.endField();
    const record = { fields: this.fields, line: this.recordLine };
    this.fields = [];
    this.hasContent = false;
    return record;
  }
}

/** The records of a text stream (e.g. a file read with `encoding: 'utf8'`), a chunk's worth at a time. */
export async function* readCsvRecords(chunks: AsyncIterable<string | Buffer> | Iterable<string | Buffer>): AsyncGenerator<CsvRecord[]> {
  const parser = new CsvParser();
  const decoder = new TextDecoder('utf-8', { fatal: true });
  for await (const chunk of chunks) {
    let text: string;
    try {
      text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    } catch {
      throw new CsvFormatError(parser.currentLine, 'the table is not UTF-8 text');
    }
    const records = parser.push(text);
    if (records.length > 0) yield records;
  }
  let rest: string;
  try {
    rest = decoder.decode();
  } catch {
    throw new CsvFormatError(parser.currentLine, 'the table ends inside a UTF-8 character');
  }
  const tail = parser.push(rest);
  if (tail.length > 0) yield tail;
  const last = parser.end();
  if (last.length > 0) yield last;
}

/** A CSV cell: quoted when it holds a comma, a quote or a line break. */
export function csvCell(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
