/**
 * A reader of security.txt as RFC 9116 defines it (section 4's ABNF and the field rules of section 2.5),
 * written from the RFC, not from Masthead's writer: fields by lower-cased name, and each rule the file breaks.
 */
export interface SecurityTxt {
  fields: Map<string, string[]>;
  errors: string[];
}

const FIELD = /^([A-Za-z0-9-]+):[ \t]*(.*?)[ \t]*$/;
/** RFC 3339 `date-time`, with the upper-case T and Z the RFC's ABNF requires. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const WEB_FIELDS = ['acknowledgments', 'canonical', 'encryption', 'hiring', 'policy'];

export function readSecurityTxt(text: string, now: Date): SecurityTxt {
  const fields = new Map<string, string[]>();
  const errors: string[] = [];
  const lines = text.split('\n');
  if (lines.pop() !== '') errors.push('the last line does not end with a line break');
  for (const [i, raw] of lines.entries()) {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '' || line.startsWith('#')) continue;
    const m = FIELD.exec(line);
    if (!m) {
      errors.push(`line ${i + 1} is neither a field nor a comment: ${line}`);
      continue;
    }
    const name = m[1].toLowerCase();
    fields.set(name, [...(fields.get(name) ?? []), m[2]]);
  }
  const contact = fields.get('contact') ?? [];
  if (contact.length === 0) errors.push('no Contact field (required)');
  for (const value of contact) if (!/^(mailto:|tel:|https:\/\/)/.test(value)) errors.push(`Contact ${value} is not a mailto:, tel: or https:// URI`);
  const expires = fields.get('expires') ?? [];
  if (expires.length !== 1) errors.push(`Expires appears ${expires.length} times; exactly once is required`);
  else if (!DATE_TIME.test(expires[0])) errors.push(`Expires ${expires[0]} is not an RFC 3339 date-time`);
  else if (new Date(expires[0]).getTime() <= now.getTime()) errors.push(`Expires ${expires[0]} is past`);
  if ((fields.get('preferred-languages') ?? []).length > 1) errors.push('Preferred-Languages appears more than once');
  for (const name of WEB_FIELDS) {
    for (const value of fields.get(name) ?? []) if (!value.startsWith('https://')) errors.push(`${name} ${value} is not an https:// URI`);
  }
  return { fields, errors };
}
