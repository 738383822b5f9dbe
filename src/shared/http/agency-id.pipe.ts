import { Injectable, type PipeTransform } from '@nestjs/common';
import { RequestValidationError } from './problem.js';

export const AGENCY_ID_PATTERN = /^[a-z0-9][a-z0-9-]{1,63}$/;

@Injectable()
export class AgencyIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!AGENCY_ID_PATTERN.test(value)) {
      throw new RequestValidationError([
        { field: 'agencyId', messages: ['agencyId must be 2 to 64 lower-case letters, digits or dashes'] },
      ]);
    }
    return value;
  }
}
