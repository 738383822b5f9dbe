/**
 * What a handler answers with when its answer is more than a body: the resource's version (sent as its ETag), where
 * a created resource is (Location) and a status other than the route's own. ReplyInterceptor sets them and sends the
 * body, so that no handler takes the response. Build one with `withVersion`, `created` or `withStatus`.
 */
export class Reply<Body> {
  /** Only a Reply is a Reply: an object of the same shape is a body, sent as it is. */
  declare private readonly nominal: never;

  private constructor(
    readonly body: Body,
    readonly status: number | undefined,
    readonly version: number | undefined,
    readonly location: string | undefined,
  ) {}

  static of<Body>(body: Body, options: { status?: number; version?: number; location?: string }): Reply<Body> {
    return new Reply(body, options.status, options.version, options.location);
  }
}

/** The body, with `ETag: "<version>"`. */
export function withVersion<Body>(body: Body, version: number): Reply<Body> {
  return Reply.of(body, { version });
}

/** 201 Created with the new resource's ETag, and its Location where it is not the request's own URL (a POST). */
export function created<Body>(body: Body, options: { readonly version: number; readonly location?: string }): Reply<Body> {
  return Reply.of(body, { status: 201, ...options });
}

/** The body with another status than the route's (e.g. 503 from a readiness check). */
export function withStatus<Body>(body: Body, status: number): Reply<Body> {
  return Reply.of(body, { status });
}
