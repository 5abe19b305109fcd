import type { CsvRecord } from './csv-codec.js';
import { writeCsvRecord } from './csv-codec.js';
import type { KeyRule } from './key-rules.js';
import { normaliseKey, ruleForKey } from './key-rules.js';
import type { MaskContext } from './mask-context.js';
import { maskByRule } from './structured-value.js';
import type { TextScanner } from './text-scanner.js';
import { maskFreeText } from './text-scanner.js';

const wholeDateRe = /^\d{4}-\d{2}(?:-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?)?$/;

/**
 * Masks CSV records one at a time. The first record is the header: its names decide each
 * column's category; header cells themselves are scanned too, in case there is no header.
 */
export class CsvMasker {
  private columns: Array<{ rule: KeyRule | undefined; path: string }> | undefined;

  constructor(
    private readonly rules: ReadonlyMap<string, KeyRule>,
    private readonly scanner: TextScanner,
    private readonly ctx: MaskContext,
    private readonly currentYear: number,
  ) {}

  maskRecord(record: CsvRecord): string {
    const fields = record.fields;
    if (this.columns === undefined) {
      this.columns = fields.map((f) => {
        const name = f.value.replace(/^\uFEFF/, '').trim();
        return { rule: ruleForKey(this.rules, name, normaliseKey(name)), path: `csv.${name}` };
      });
      for (const f of fields) f.value = maskFreeText(this.scanner, f.value, this.ctx);
      return writeCsvRecord(fields, record.eol);
    }
    for (let j = 0; j < fields.length; j++) {
      const f = fields[j]!;
      if (f.value === '') continue;
      const column = this.columns[j];
      if (column?.rule !== undefined) f.value = maskByRule(f.value, column.rule, column.path, this.ctx, this.currentYear) as string;
      else if (wholeDateRe.test(f.value)) f.value = this.ctx.apply('date', f.value, 'value:date');
      else f.value = maskFreeText(this.scanner, f.value, this.ctx);
    }
    return writeCsvRecord(fields, record.eol);
  }
}
