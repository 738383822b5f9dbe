import { type ValidationOptions, registerDecorator } from 'class-validator';
import { isCalendarDate } from '../domain/calendar-date.js';
import { isCreditCode, isIdNumber } from '../domain/credit-code.js';

function rule(name: string, test: (value: unknown) => boolean, message: string) {
  return (options?: ValidationOptions): PropertyDecorator =>
    (target: object, propertyName: string | symbol) => {
      registerDecorator({
        name,
        target: target.constructor,
        propertyName: String(propertyName),
        options: { message: `$property ${message}`, ...options },
        validator: { validate: test },
      });
    };
}

/** `YYYY-MM-DD`, a day that exists. */
export const IsCalendarDate = rule('isCalendarDate', isCalendarDate, 'must be a date as YYYY-MM-DD');

/** An ISO 8601 instant with a time zone, e.g. 2026-03-02T09:30:00+08:00. */
export const IsInstant = rule(
  'isInstant',
  (value) =>
    typeof value === 'string' &&
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/.test(value) &&
    !Number.isNaN(Date.parse(value)) &&
    isCalendarDate(value.slice(0, 10)),
  'must be an ISO 8601 instant with a time zone, e.g. 2026-03-02T09:30:00+08:00',
);

export const IsCreditCode = rule(
  'isCreditCode',
  isCreditCode,
  'must be an 18-character unified social credit code with a valid check character',
);

export const IsIdNumber = rule(
  'isIdNumber',
  isIdNumber,
  'must be an 18-character citizen identity number with a valid birth date and check character',
);
