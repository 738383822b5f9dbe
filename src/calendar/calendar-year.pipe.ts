import { Injectable, type PipeTransform } from '@nestjs/common';
import { RequestValidationError } from '../shared/http/problem.js';
import { FIRST_RECORDABLE_YEAR, LAST_RECORDABLE_YEAR } from './domain/holiday-notice.js';

/** The `{year}` of a calendar route: a year a notice may be recorded for. */
@Injectable()
export class CalendarYearPipe implements PipeTransform<string | number, number> {
  transform(value: string | number): number {
    // The global ValidationPipe has usually turned the segment into a number already (NaN when it is none).
    const year = typeof value === 'number' ? value : /^\d{4}$/.test(value) ? Number(value) : Number.NaN;
    if (!Number.isInteger(year) || year < FIRST_RECORDABLE_YEAR || year > LAST_RECORDABLE_YEAR) {
      throw new RequestValidationError([
        { field: 'year', messages: [`year must be a year from ${FIRST_RECORDABLE_YEAR} to ${LAST_RECORDABLE_YEAR}`] },
      ]);
    }
    return year;
  }
}
