import type { Logger } from '../../observability/logger.js';
import type { DeployedProcess, FailedTask, FailedTaskFilter, Incident, Message, ProcessEngine, ProcessInstanceRef, RunningWorkerLoop, TaskHandler, TaskSubscription, Variables, WorkerLoopSettings } from '../process-engine.js';
import { answer, EngineRestError, operatonClient, type OperatonClient, type OperatonConnection, type Schemas } from './operaton-rest.js';
import { fromOperatonVariables, toOperatonVariables } from './variables.js';
import { ExternalTaskLoop } from './external-task-loop.js';

export interface OperatonSettings extends OperatonConnection {
  /** This installation's tenant: its deployments, instances, messages and tasks; empty: none. */
  tenant: string;
  /** Cockpit's base URL (…/operaton/app/cockpit/default), for links to instances. */
  cockpitUrl: string;
  /** Names this worker to the engine (lock owner), e.g. ordo-<host>-<pid>. */
  workerId: string;
}

/** Incidents read per request while listing failed tasks. */
const INCIDENT_PAGE = 200;

/** The message Operaton gives when no waiting element matched a correlation. */
const NO_MATCH = /MismatchingMessageCorrelationException|No process definition or execution matches/;

/** The process engine port over Operaton's REST API. */
export class OperatonEngine implements ProcessEngine {
  readonly rest: OperatonClient;
  private readonly loops = new Set<RunningWorkerLoop>();
  private loopCount = 0;

  constructor(
    private readonly settings: OperatonSettings,
    private readonly log: Logger,
  ) {
    this.rest = operatonClient(settings);
  }

  private get timeout(): AbortSignal {
    return AbortSignal.timeout(this.settings.timeoutMs);
  }

  /** Tenant of writes (deploy, start, correlate). */
  private get tenantOfWrites(): { tenantId: string } | { withoutTenantId: true } {
    return this.settings.tenant ? { tenantId: this.settings.tenant } : { withoutTenantId: true };
  }

  /** Tenant filter of queries (comma-separated lists in query strings). */
  private get tenantOfQueries(): { tenantIdIn: string } | { withoutTenantId: true } {
    return this.settings.tenant ? { tenantIdIn: this.settings.tenant } : { withoutTenantId: true };
  }

  async version(): Promise<string> {
    const v = await answer(this.rest.GET('/version', { signal: this.timeout }), 'engine version');
    return `Operaton ${v.version ?? '?'}`;
  }

  async deploy(name: string, resources: { fileName: string; xml: string }[]): Promise<DeployedProcess[]> {
    const form = new FormData();
    form.set('deployment-name', name);
    form.set('deployment-source', 'ordo');
    // Only changed models get a new version, so call activities bound by versionTag keep finding one.
    form.set('enable-duplicate-filtering', 'true');
    form.set('deploy-changed-only', 'true');
    if (this.settings.tenant) form.set('tenant-id', this.settings.tenant);
    for (const r of resources) form.append(r.fileName, new Blob([r.xml], { type: 'application/xml' }), r.fileName);
    const deployment = await answer(
      this.rest.POST('/deployment/create', { body: {} as Schemas['MultiFormDeploymentDto'], bodySerializer: () => form, signal: AbortSignal.timeout(Math.max(this.settings.timeoutMs, 60_000)) }),
      `deploying ${name}`,
    );
    const deployed = Object.values(deployment.deployedProcessDefinitions ?? {});
    // An unchanged model is not redeployed: its current version is what runs.
    const unchanged = new Set(resources.map((r) => r.fileName).filter((f) => !deployed.some((d) => d.resource === f)));
    const current = unchanged.size ? (await this.latestDefinitions()).filter((d) => d.resource && unchanged.has(d.resource)) : [];
    return [...deployed, ...current].map((d) => ({
      bpmnProcessId: d.key ?? '',
      version: d.version ?? 0,
      ...(d.versionTag ? { versionTag: d.versionTag } : {}),
      processDefinitionKey: d.id ?? '',
      resourceName: d.resource ?? '',
    }));
  }

  /** The newest version of every process definition (of this tenant). */
  private latestDefinitions(): Promise<Schemas['ProcessDefinitionDto'][]> {
    return answer(this.rest.GET('/process-definition', { params: { query: { latestVersion: true, ...this.tenantOfQueries } }, signal: this.timeout }), 'listing process definitions');
  }

  async startByMessage(message: string, businessKey: string, variables: Variables): Promise<ProcessInstanceRef> {
    const results = await answer(
      this.rest.POST('/message', {
        body: { messageName: message, businessKey, processVariables: toOperatonVariables(variables), resultEnabled: true, variablesInResultEnabled: false, all: false, ...this.tenantOfWrites } as Schemas['CorrelationMessageDto'],
        signal: this.timeout,
      }),
      `starting a process by message ${message}`,
    );
    const instance = (results as Schemas['MessageCorrelationResultWithVariableDto'][])[0]?.processInstance;
    if (!instance?.id) throw new Error(`message ${message} started no process instance`);
    return { processInstanceKey: instance.id, bpmnProcessId: (instance.definitionId ?? '').split(':')[0] ?? '', businessKey, active: !instance.ended };
  }

  async instancesByBusinessKey(businessKey: string, bpmnProcessId?: string): Promise<ProcessInstanceRef[]> {
    const found = await answer(
      this.rest.GET('/history/process-instance', {
        params: { query: { processInstanceBusinessKey: businessKey, ...(bpmnProcessId ? { processDefinitionKey: bpmnProcessId } : {}), ...this.tenantOfQueries } as never },
        signal: this.timeout,
      }),
      `looking up instances of ${businessKey}`,
    );
    return found.map(historicRef);
  }

  async instancesWithVariable(name: string, value: string): Promise<ProcessInstanceRef[]> {
    const found = await answer(
      this.rest.POST('/history/process-instance', {
        body: { variables: [{ name, operator: 'eq', value }], ...(this.settings.tenant ? { tenantIdIn: [this.settings.tenant] } : { withoutTenantId: true }) } as Schemas['HistoricProcessInstanceQueryDto'],
        signal: this.timeout,
      }),
      `looking up instances with ${name}=${value}`,
    );
    return found.map(historicRef);
  }

  async instanceVariables(processInstanceKey: string): Promise<Variables> {
    const variables = await answer(
      this.rest.GET('/process-instance/{id}/variables', { params: { path: { id: processInstanceKey }, query: { deserializeValues: false } }, signal: this.timeout }),
      `reading the variables of ${processInstanceKey}`,
    );
    return fromOperatonVariables(variables);
  }

  async correlate(message: Message): Promise<number> {
    const { target } = message;
    try {
      const results = await answer(
        this.rest.POST('/message', {
          body: {
            messageName: message.name,
            ...(target.businessKey ? { businessKey: target.businessKey } : {}),
            ...(target.variables ? { correlationKeys: toOperatonVariables(target.variables) } : {}),
            ...(target.localVariables ? { localCorrelationKeys: toOperatonVariables(target.localVariables) } : {}),
            ...(message.variables ? { processVariables: toOperatonVariables(message.variables) } : {}),
            all: message.all ?? false,
            resultEnabled: true,
            variablesInResultEnabled: false,
            ...this.tenantOfWrites,
          } as Schemas['CorrelationMessageDto'],
          signal: this.timeout,
        }),
        `correlating message ${message.name}`,
      );
      return (results as unknown[] | undefined)?.length ?? 0;
    } catch (err) {
      if (err instanceof EngineRestError && err.status === 400 && NO_MATCH.test(err.message)) return 0;
      throw err;
    }
  }

  async cancelInstance(processInstanceKey: string): Promise<boolean> {
    try {
      await answer(
        this.rest.DELETE('/process-instance/{id}', { params: { path: { id: processInstanceKey }, query: { skipCustomListeners: true, skipIoMappings: true, failIfNotExists: true } }, signal: this.timeout }),
        `cancelling ${processInstanceKey}`,
      );
      return true;
    } catch (err) {
      if (err instanceof EngineRestError && err.status === 404) return false;
      throw err;
    }
  }

  async incidents(processInstanceKey?: string): Promise<Incident[]> {
    const found = await answer(
      this.rest.GET('/incident', { params: { query: { ...(processInstanceKey ? { processInstanceId: processInstanceKey } : {}), ...(this.settings.tenant ? { tenantIdIn: this.settings.tenant } : {}) } as never }, signal: this.timeout }),
      'listing incidents',
    );
    return found.map((i) => ({ id: i.id ?? '', processInstanceKey: i.processInstanceId ?? '', elementId: i.activityId ?? '', message: i.incidentMessage ?? '', type: i.incidentType ?? '' }));
  }

  async incidentCount(): Promise<number> {
    const found = await answer(this.rest.GET('/incident/count', { params: { query: (this.settings.tenant ? { tenantIdIn: this.settings.tenant } : {}) as never }, signal: this.timeout }), 'counting incidents');
    return found.count ?? 0;
  }

  async failedTasks(filter: FailedTaskFilter): Promise<FailedTask[]> {
    const { tenant } = this.settings;
    const found: FailedTask[] = [];
    for (let first = 0; ; first += INCIDENT_PAGE) {
      const page = await answer(
        this.rest.GET('/incident', {
          params: {
            query: {
              incidentType: 'failedExternalTask',
              ...(tenant ? { tenantIdIn: tenant } : {}),
              ...(filter.since ? { incidentTimestampAfter: operatonDate(filter.since) } : {}),
              ...(filter.until ? { incidentTimestampBefore: operatonDate(filter.until) } : {}),
              sortBy: 'incidentTimestamp',
              sortOrder: 'asc',
              firstResult: first,
              maxResults: INCIDENT_PAGE,
            },
          },
          signal: this.timeout,
        }),
        'listing incidents of failed tasks',
      );
      // The incident query has no "without tenant": an installation without one skips the others' here.
      const incidents = page.filter((i) => i.configuration && (tenant || !i.tenantId));
      if (incidents.length > 0) {
        const tasks = await answer(
          this.rest.POST('/external-task', {
            params: { query: { maxResults: incidents.length } },
            body: { externalTaskIdIn: incidents.map((i) => i.configuration!), noRetriesLeft: true, ...(filter.topic ? { topicName: filter.topic } : {}), ...(tenant ? { tenantIdIn: [tenant] } : {}) } as Schemas['ExternalTaskQueryDto'],
            signal: this.timeout,
          }),
          'reading failed tasks',
        );
        const byId = new Map(tasks.map((t) => [t.id, t]));
        for (const i of incidents) {
          const t = byId.get(i.configuration!);
          const error = t?.errorMessage ?? i.incidentMessage ?? '';
          if (!t || (filter.error && !error.toLowerCase().includes(filter.error.toLowerCase()))) continue;
          found.push({
            id: t.id ?? '',
            incidentId: i.id ?? '',
            topic: t.topicName ?? '',
            elementId: t.activityId ?? i.activityId ?? '',
            processInstanceKey: t.processInstanceId ?? '',
            bpmnProcessId: t.processDefinitionKey ?? '',
            ...(t.businessKey ? { businessKey: t.businessKey } : {}),
            failedAt: new Date(i.incidentTimestamp ?? 0),
            error,
          });
        }
      }
      if (page.length < INCIDENT_PAGE) return found;
    }
  }

  async retryTasks(ids: string[], retries: number): Promise<{ retried: string[]; gone: string[] }> {
    if (ids.length === 0) return { retried: [], gone: [] };
    try {
      await answer(this.rest.PUT('/external-task/retries', { body: { retries, externalTaskIds: ids }, signal: this.timeout }), `retrying ${ids.length} tasks`);
      return { retried: ids, gone: [] };
    } catch (err) {
      if (!(err instanceof EngineRestError && err.status === 404)) throw err;
    }
    // One of them is gone, and the engine refused the whole call: each on its own, to tell which.
    const result = { retried: [] as string[], gone: [] as string[] };
    for (const id of ids) {
      try {
        await answer(this.rest.PUT('/external-task/{id}/retries', { params: { path: { id } }, body: { retries }, signal: this.timeout }), `retrying task ${id}`);
        result.retried.push(id);
      } catch (err) {
        if (!(err instanceof EngineRestError && err.status === 404)) throw err;
        result.gone.push(id);
      }
    }
    return result;
  }

  work(subscriptions: TaskSubscription[], settings: WorkerLoopSettings, handler: TaskHandler): RunningWorkerLoop {
    // One worker id per loop: the engine keeps one waiting fetch per worker id.
    const workerId = `${this.settings.workerId}-${++this.loopCount}`;
    const loop = new ExternalTaskLoop(this.rest, { ...settings, workerId, tenant: this.settings.tenant, requestTimeoutMs: this.settings.timeoutMs }, subscriptions, handler, this.log);
    loop.start();
    const running: RunningWorkerLoop = {
      close: async () => {
        this.loops.delete(running);
        await loop.close();
      },
    };
    this.loops.add(running);
    return running;
  }

  /**
   * The instance's page in Cockpit: Ordo's Orders page (the engine's Cockpit plugin), which shows the
   * instance's order, running or ended, and links to the runtime view of the running instances.
   */
  instanceUrl(processInstanceKey: string): string | undefined {
    return this.settings.cockpitUrl ? `${this.settings.cockpitUrl}/#/ordo-orders?instance=${encodeURIComponent(processInstanceKey)}` : undefined;
  }

  async close(): Promise<void> {
    await Promise.all([...this.loops].map((l) => l.close()));
  }
}

/** The engine's date format in query strings (`yyyy-MM-dd'T'HH:mm:ss.SSSZ`; it refuses a `Z`). */
const operatonDate = (d: Date): string => d.toISOString().replace('Z', '+0000');

function historicRef(h: Schemas['HistoricProcessInstanceDto']): ProcessInstanceRef {
  return {
    processInstanceKey: h.id ?? '',
    bpmnProcessId: h.processDefinitionKey ?? '',
    ...(h.businessKey ? { businessKey: h.businessKey } : {}),
    active: h.state === 'ACTIVE' || h.state === 'SUSPENDED',
  };
}
