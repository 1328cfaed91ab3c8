import type { FromSchema, JSONSchema } from 'json-schema-to-ts';

/**
 * One variable or setting of a worker: a JSON Schema (draft-07) with the title and description its
 * element template shows. A setting's `enum` lists strings: extension properties are text.
 */
export type PropertySchema = Exclude<JSONSchema, boolean> & { title?: string; description?: string; enum?: readonly string[] };

/**
 * A JSON Schema object describing a worker's variables or settings (draft-07 subset). Written as a
 * literal (`as const`, or inline in `defineWorker`), it is also the TypeScript type: see Variables.
 * Variables it does not name pass through (settings carry `retries`, `result.*`).
 */
export interface ObjectSchema {
  readonly type: 'object';
  readonly required?: readonly string[];
  readonly properties: Readonly<Record<string, PropertySchema>>;
}

/**
 * The variables an ObjectSchema describes, as a TypeScript type: each property it names, optional
 * unless `required`. Undeclared keys are left out of the type (`additionalProperties: false` here
 * only), so a misspelt name is a compile error, not an `unknown`.
 */
export type Variables<S extends ObjectSchema> = FromSchema<S & { readonly additionalProperties: false }>;

/** A worker without settings. */
export type NoHeaders = { readonly type: 'object'; readonly properties: {} };

/** What a handler sees of the job besides its validated input. */
export interface JobContext<Headers> {
  jobKey: string;
  processInstanceKey: string;
  bpmnProcessId: string;
  elementId: string;
  retries: number;
  headers: Headers;
  /** Aborted when the job's lock is about to expire; pass it to outgoing calls (axios `signal`). */
  signal: AbortSignal;
}

/**
 * One worker: its job type, schemas and metadata (which also produce its Modeler element template),
 * and a handler built from injected dependencies. The handler returns the output variables, throws
 * a BusinessError for an outcome the model routes, or lets any other error escape to be retried.
 */
export interface WorkerDefinition<Input, Output, Headers = Variables<NoHeaders>> {
  type: string;
  name: string;
  description: string;
  input: ObjectSchema;
  output: ObjectSchema;
  headers?: ObjectSchema;
  /** BPMN error codes the handler may throw; documented in the element template. */
  errors?: Record<string, string>;
  handler: (input: Input, job: JobContext<Headers>) => Promise<Output>;
}

// Variance: the runtime holds workers of many shapes; each validates its own input at the edge.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyWorker = WorkerDefinition<any, any, any>;

/** A WorkerDefinition as written: schema literals, and a handler typed by them. */
export interface WorkerSpec<I extends ObjectSchema, O extends ObjectSchema, H extends ObjectSchema>
  extends Omit<WorkerDefinition<Variables<I>, Variables<O>, Variables<H>>, 'input' | 'output' | 'headers'> {
  input: I;
  output: O;
  headers?: H;
}

/**
 * Declares a worker. Its schemas are the one source of its types: the handler's input, settings
 * (`job.headers`) and output are the Variables the schema literals describe, so the element
 * template, the validation at run time and the handler cannot drift apart. A handler that returns
 * an enum's value as a literal writes it `'failed' as const`: while TypeScript infers the schemas it
 * widens a returned literal to string.
 */
export function defineWorker<const I extends ObjectSchema, const O extends ObjectSchema, const H extends ObjectSchema = NoHeaders>(
  definition: WorkerSpec<I, O, H>,
): WorkerDefinition<Variables<I>, Variables<O>, Variables<H>> {
  return definition;
}
