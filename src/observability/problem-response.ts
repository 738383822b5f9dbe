import type { Request, Response } from 'express';
import { toProblem } from '../shared/http/problem.filter.js';
import { PROBLEM_CONTENT_TYPE } from '../shared/http/problem.js';

/** Answers outside Nest's pipeline (metrics, the queue dashboard) with the same problem+json as the API. */
export function sendProblem(request: Request, response: Response, error: unknown): void {
  if (response.headersSent) return;
  const problem = { ...toProblem(error), instance: request.originalUrl };
  response.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
}
