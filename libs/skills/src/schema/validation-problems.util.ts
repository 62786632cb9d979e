import type { ValidationError } from 'class-validator';

/**
 * Flattens class-validator's error tree into `path: reason` lines that name each failing field,
 * e.g. `owners[0].email: email must be an email`. Values are not echoed back: they may be secrets.
 */
export function describeValidationErrors(errors: ValidationError[], parent = ''): string[] {
  const lines: string[] = [];
  for (const error of errors) {
    const path = /^\d+$/.test(error.property) ? `${parent}[${error.property}]` : parent ? `${parent}.${error.property}` : error.property;
    for (const reason of Object.values(error.constraints ?? {})) {
      lines.push(`${path}: ${reason.replace(/^property \S+ should not exist$/, 'is not a known field')}`);
    }
    if (error.children?.length) lines.push(...describeValidationErrors(error.children, path));
  }
  return lines;
}
