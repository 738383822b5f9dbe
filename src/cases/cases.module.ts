import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ClosureController } from './commands/closure/closure.http.controller.js';
import { DecisionController } from './commands/decision/decision.http.controller.js';
import { MakeDecisionHandler } from './commands/decision/make-decision.handler.js';
import { ExecutionController } from './commands/execution/execution.http.controller.js';
import { EvidenceController } from './commands/evidence/evidence.http.controller.js';
import { FileCaseHandler } from './commands/filing/file-case.handler.js';
import { FilingController } from './commands/filing/filing.http.controller.js';
import { InspectionController } from './commands/inspection/inspection.http.controller.js';
import { IssuePenaltyNoticeHandler } from './commands/notice-and-hearing/issue-penalty-notice.handler.js';
import { NoticeAndHearingController } from './commands/notice-and-hearing/notice-and-hearing.http.controller.js';
import { OpenCaseController } from './commands/open-case/open-case.http.controller.js';
import { OpenCaseHandler } from './commands/open-case/open-case.handler.js';
import { PersonsController } from './commands/persons/persons.http.controller.js';
import { RecordCaseStepHandler } from './commands/record-step/record-case-step.handler.js';
import { CaseCommandRunner } from './commands/shared/case-command-runner.js';
import { OfficerDirectory } from './commands/shared/officer-directory.js';
import { CaseSummariesProjection } from './projections/case-summaries.projection.js';
import { CasesController } from './queries/cases.http.controller.js';
import { RuleSetsController } from './queries/rule-sets.http.controller.js';

@Module({
  imports: [CqrsModule],
  controllers: [
    OpenCaseController,
    CasesController,
    RuleSetsController,
    InspectionController,
    FilingController,
    EvidenceController,
    NoticeAndHearingController,
    DecisionController,
    ClosureController,
    ExecutionController,
    PersonsController,
  ],
  providers: [
    CaseCommandRunner,
    OfficerDirectory,
    OpenCaseHandler,
    FileCaseHandler,
    IssuePenaltyNoticeHandler,
    MakeDecisionHandler,
    RecordCaseStepHandler,
    CaseSummariesProjection,
  ],
  exports: [CaseCommandRunner, OfficerDirectory],
})
export class CasesModule {}
