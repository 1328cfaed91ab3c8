/** A JSON Schema object describing a worker's variables or headers (draft-07 subset). */
export interface ObjectSchema {
  type: 'object';
  required?: readonly string[];
  properties: Record<string, { type?: string | readonly string[]; enum?: readonly string[]; description?: string; title?: string; [k: string]: unknown }>;
  additionalProperties?: boolean;
}

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
export interface WorkerDefinition<Input, Output, Headers = Record<string, never>> {
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

export function defineWorker<Input, Output, Headers = Record<string, never>>(definition: WorkerDefinition<Input, Output, Headers>): WorkerDefinition<Input, Output, Headers> {
  return definition;
}
