import type { CaseResolution, IncidentDesk, NewCase, OpenedCase, ResolutionReading, ResolutionRequest } from '../../engine/fallout/incident-desk.js';
import { checkBasicAuth, type ResolutionWebhook } from './servicenow-api.js';
import type { ServiceNowClient } from './servicenow-client.js';

/** The user ServiceNow's outbound REST message authenticates as when it posts a resolution (basic auth). */
export interface WebhookUser {
  user: string;
  password: string;
}

const RESOLVE_HINT = 'Resolve with u_resolution: retry (Ordo runs the step again), skip (Ordo goes on without it) or fail (the item fails and what it holds is released).';
const RESOLUTIONS = ['retry', 'skip', 'fail'];
/** The Table API's u_error column. */
const MAX_ERROR_LENGTH = 1000;

/** Fallout cases as ServiceNow incidents (category order_fallout, correlation_id the fallout id). */
export class ServiceNowIncidentDesk implements IncidentDesk {
  constructor(
    private readonly client: ServiceNowClient,
    private readonly webhook: WebhookUser,
  ) {}

  async openCase(input: NewCase, signal?: AbortSignal): Promise<OpenedCase> {
    const incident = await this.client.openIncident(
      {
        short_description: input.title,
        description: `${input.description}\n\n${RESOLVE_HINT}`,
        urgency: '2',
        correlation_id: input.falloutId,
        u_order_id: input.orderId,
        u_order_item_id: input.itemId,
        u_failed_step: input.failedStep,
        u_error: input.error.slice(0, MAX_ERROR_LENGTH),
        u_order_url: input.orderUrl,
        ...(input.processUrl ? { u_process_url: input.processUrl } : {}),
      },
      signal,
    );
    return { id: incident.sys_id, number: incident.number };
  }

  async addWorkNote(caseId: string, text: string, signal?: AbortSignal): Promise<void> {
    await this.client.addWorkNote(caseId, text, signal);
  }

  async closeCase(caseId: string, solved: boolean, notes: string, signal?: AbortSignal): Promise<void> {
    await this.client.closeIncident(caseId, solved ? 'Solved (Permanently)' : 'Not Solved (Not Reproducible)', notes, signal);
  }

  readResolution(request: ResolutionRequest): ResolutionReading {
    if (!checkBasicAuth(request.authorization, this.webhook.user, this.webhook.password)) {
      return { refused: 'unauthenticated', challenge: 'Basic realm="ordo"', detail: 'the ServiceNow webhook user is required' };
    }
    const body = request.body as Partial<ResolutionWebhook> | undefined;
    if (typeof body?.correlation_id !== 'string' || !RESOLUTIONS.includes(String(body.u_resolution))) {
      return { refused: 'invalid', detail: 'expected correlation_id and u_resolution (retry, skip or fail)' };
    }
    const resolution: CaseResolution = { falloutId: body.correlation_id, resolution: body.u_resolution!, notes: body.close_notes, caseId: body.sys_id, caseNumber: body.number };
    return { resolution };
  }
}
