/**
 * The process engine as Ordo uses it: the only contract between Ordo and the engine. Everything
 * outside engine/process/ speaks this; engine/process/operaton/ is the one implementation.
 * Variables are plain JSON values (objects and arrays included).
 */
export type Variables = Record<string, unknown>;

export interface DeployedProcess {
  bpmnProcessId: string;
  version: number;
  versionTag?: string;
  /** The engine's id of this version of the process definition. */
  processDefinitionKey: string;
  resourceName: string;
}

export interface ProcessInstanceRef {
  processInstanceKey: string;
  bpmnProcessId: string;
  businessKey?: string;
  /** False once the instance has completed or been cancelled. */
  active: boolean;
}

/** Which waiting process a message is for. */
export interface MessageTarget {
  /** The business key of the instance (Ordo starts every instance with the id of its order). */
  businessKey?: string;
  /** Process variables the instance must have (equal values). */
  variables?: Variables;
  /** Variables of the waiting element itself, e.g. the element of a multi-instance receive task. */
  localVariables?: Variables;
}

export interface Message {
  name: string;
  target: MessageTarget;
  /** Variables the message sets in the instance it reaches. */
  variables?: Variables;
  /** Deliver to every waiting instance that matches, not exactly one. */
  all?: boolean;
}

/** An external task as the engine hands it to a worker. */
export interface ExternalTask {
  id: string;
  topic: string;
  processInstanceKey: string;
  bpmnProcessId: string;
  /** The BPMN element (activity id) of the task. */
  elementId: string;
  businessKey?: string;
  /** Attempts left, as set by earlier failures; undefined on the first attempt. */
  retries?: number;
  /** The variables the subscription asked for that exist in the task's scope. */
  variables: Variables;
  /** The task's extension properties in the model (settings an analyst gives a step). */
  properties: Record<string, string>;
}

/** What became of a task; the worker loop reports it to the engine. */
/** Variables go to the process (the innermost scope that has them, else the process instance). */
export type TaskOutcome =
  | { kind: 'complete'; variables: Variables }
  | { kind: 'bpmnError'; code: string; message: string; variables: Variables }
  /** `retries` left after this failure (0: an incident for ops); `retryInMs` before it is handed out again. */
  | { kind: 'failure'; message: string; details?: string; retries: number; retryInMs: number };

export interface TaskSubscription {
  topic: string;
  /** The variables each task of this topic is fetched with. */
  variables: readonly string[];
}

export interface WorkerLoopSettings {
  /** Tasks worked on at once, over every topic. */
  maxTasks: number;
  /** How long a task stays locked to this worker without news (ms); extended while the handler runs. */
  lockMs: number;
  /** The longest one handler may run (ms): then its signal aborts. */
  handlerTimeoutMs: number;
  /** How long a fetch waits for tasks when there are none (ms). */
  pollMs: number;
  /**
   * At close, how long handlers in hand may take to finish (ms); those still running then are
   * aborted and their tasks handed back to the engine at once, for another worker to take.
   */
  shutdownGraceMs?: number;
}

export type TaskHandler = (task: ExternalTask, signal: AbortSignal) => Promise<TaskOutcome>;

export interface RunningWorkerLoop {
  /** Stops fetching and waits for the tasks in hand to be reported, or handed back after the grace period. */
  close(): Promise<void>;
}

export interface Incident {
  id: string;
  processInstanceKey: string;
  elementId: string;
  message: string;
  type: string;
}

/** Which failed external tasks (incidents of type failedExternalTask) an operator means. */
export interface FailedTaskFilter {
  /** The task's topic (job type), exactly. */
  topic?: string;
  /** A part of the error message, in any case. */
  error?: string;
  /** Incidents raised after this instant. */
  since?: Date;
  /** Incidents raised before this instant. */
  until?: Date;
}

/** An external task whose retries are spent: an incident waiting for ops. */
export interface FailedTask {
  /** The external task's id: what a retry names. */
  id: string;
  incidentId: string;
  topic: string;
  elementId: string;
  processInstanceKey: string;
  bpmnProcessId: string;
  businessKey?: string;
  /** When the incident was raised. */
  failedAt: Date;
  /** The last failure's message, as the worker reported it. */
  error: string;
}

/** The engine cannot be reached, or answered it is not able to serve now: the call may be repeated. */
export class EngineUnavailableError extends Error {
  constructor(
    message: string,
    /** The engine's answer (502, 503, 504); undefined when it could not be reached at all. */
    readonly status?: number,
  ) {
    super(message);
  }
}

export interface ProcessEngine {
  /** Engine name and version, e.g. "Operaton 1.0.3"; throws EngineUnavailableError when it cannot be reached. */
  version(): Promise<string>;
  /** Deploys process models (BPMN XML by file name); unchanged ones keep their version. */
  deploy(name: string, resources: { fileName: string; xml: string }[]): Promise<DeployedProcess[]>;
  /**
   * Starts the process whose message start event takes `message`, with `businessKey`. The engine does
   * not refuse a second instance with the same key: callers that must start once look first
   * (`instancesByBusinessKey`).
   */
  startByMessage(message: string, businessKey: string, variables: Variables): Promise<ProcessInstanceRef>;
  /** Instances started with `businessKey` (running ones, and ended ones while the engine keeps their history). */
  instancesByBusinessKey(businessKey: string, bpmnProcessId?: string): Promise<ProcessInstanceRef[]>;
  /** Instances (running or ended) that have the variable `name` = `value`. */
  instancesWithVariable(name: string, value: string): Promise<ProcessInstanceRef[]>;
  /** The current variables of a running instance. */
  instanceVariables(processInstanceKey: string): Promise<Variables>;
  /**
   * Hands a message to the waiting process it names. Returns how many waiting elements took it:
   * 0 when none waits (the engine keeps no message for later, so the caller offers it again).
   */
  correlate(message: Message): Promise<number>;
  /** Cancels a running instance (and the instances it called); false if it is not running. */
  cancelInstance(processInstanceKey: string): Promise<boolean>;
  /** Open incidents, e.g. of one instance. */
  incidents(processInstanceKey?: string): Promise<Incident[]>;
  /** How many incidents are open (this installation's tenant). */
  incidentCount(): Promise<number>;
  /** This installation's failed external tasks that match `filter`, oldest incident first. */
  failedTasks(filter: FailedTaskFilter): Promise<FailedTask[]>;
  /**
   * Gives tasks `retries` attempts again (their incidents are resolved; workers fetch them at once).
   * One call per invocation, so callers batch; `gone` are ids the engine no longer has (the task was
   * done, or its instance cancelled, meanwhile).
   */
  retryTasks(ids: string[], retries: number): Promise<{ retried: string[]; gone: string[] }>;
  /** Fetches tasks of `subscriptions` and hands each to `handler` until closed. */
  work(subscriptions: TaskSubscription[], settings: WorkerLoopSettings, handler: TaskHandler): RunningWorkerLoop;
  /** Where ops staff see an instance (Cockpit), or undefined if no UI is configured. */
  instanceUrl(processInstanceKey: string): string | undefined;
  close(): Promise<void>;
}
