import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../shared/http/auth.decorators.js';
import { DomainError } from '../../shared/domain/errors.js';
import { Ctx, type RequestContext } from '../../shared/http/request-context.js';
import { PersonalDataService, type SubjectStatus } from '../personal-data.service.js';
import { PersonalDataActionRequestDto, SubjectsQueryDto } from './personal-data.request.dto.js';

const SUBJECT_ID = /^(?:(?:party|representative|person):(?:case|licensing)-[0-9a-f-]{36}(?::[\w-]{1,64})?|text:(?:case|review)-[0-9a-f-]{36})$/;

function subjectIdOf(raw: string): string {
  if (!SUBJECT_ID.test(raw)) {
    throw new DomainError('INVALID_SUBJECT_ID', 'A subject id is party:, representative:, person: or text: followed by its record', 'invalid', { subjectId: raw });
  }
  return raw;
}

/**
 * Restriction, its lifting, and erasure of a person's data (个人信息保护法 Art. 47), for administrators. Erasure is
 * refused with RETENTION_NOT_PASSED until the retention of every record the person appears in has passed
 * (docs/retention.md).
 */
@ApiTags('personal-data')
@ApiBearerAuth()
@Roles('admin')
@Controller('personal-data/subjects')
export class PersonalDataController {
  constructor(private readonly personalData: PersonalDataService) {}

  /** The data subjects of a case or licensing decision, with their state and retention. */
  @Get()
  async list(@Ctx() context: RequestContext, @Query() query: SubjectsQueryDto): Promise<{ items: SubjectStatus[] }> {
    return { items: await this.personalData.subjectsOf(context, query.record) };
  }

  @Get(':subjectId')
  status(@Ctx() context: RequestContext, @Param('subjectId') subjectId: string): Promise<SubjectStatus> {
    return this.personalData.status(context, subjectIdOf(subjectId));
  }

  /** Keeps the data, but out of public output, exports and reads other than an administrator's or auditor's. */
  @Post(':subjectId/restrict')
  restrict(@Ctx() context: RequestContext, @Param('subjectId') subjectId: string, @Body() body: PersonalDataActionRequestDto): Promise<SubjectStatus> {
    return this.personalData.restrict(context, subjectIdOf(subjectId), body.reason);
  }

  /**
   * Ends a restriction: the person shows again in public output and officers' reads. 409 SUBJECT_NOT_RESTRICTED when
   * not restricted, PERSONAL_DATA_ERASED once erased.
   */
  @Post(':subjectId/restriction-lift')
  liftRestriction(@Ctx() context: RequestContext, @Param('subjectId') subjectId: string, @Body() body: PersonalDataActionRequestDto): Promise<SubjectStatus> {
    return this.personalData.liftRestriction(context, subjectIdOf(subjectId), body.reason);
  }

  /** Destroys the person's key: every sealed field reads as erased from then on, in every read and replay. */
  @Post(':subjectId/erase')
  erase(@Ctx() context: RequestContext, @Param('subjectId') subjectId: string, @Body() body: PersonalDataActionRequestDto): Promise<SubjectStatus> {
    return this.personalData.erase(context, subjectIdOf(subjectId), body.reason);
  }
}
