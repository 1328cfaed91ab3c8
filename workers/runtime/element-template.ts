import type { AnyWorker, ObjectSchema } from './define-worker.js';

/** Camunda Modeler element template (zeebe) for one worker: the analyst drags the task in, never types a job type. */
export interface ElementTemplate {
  $schema: string;
  name: string;
  id: string;
  description: string;
  version: number;
  category: { id: string; name: string };
  appliesTo: string[];
  elementType: { value: string };
  groups: { id: string; label: string }[];
  properties: Record<string, unknown>[];
}

const TEMPLATE_SCHEMA = 'https://unpkg.com/@camunda/zeebe-element-templates-json-schema/resources/schema.json';

/** Bump when a worker's contract changes so that models using an older template are flagged in Modeler. */
export const TEMPLATE_VERSION = 1;

const label = (name: string, spec: ObjectSchema['properties'][string]) => spec.title ?? name;

export function elementTemplate(worker: AnyWorker): ElementTemplate {
  const inputs = Object.entries(worker.input.properties).map(([name, spec]) => ({
    id: `input.${name}`,
    label: label(name, spec),
    description: spec.description,
    group: 'input',
    type: 'String',
    feel: 'required',
    value: `=${name}`,
    binding: { type: 'zeebe:input', name },
    constraints: { notEmpty: (worker.input.required ?? []).includes(name) },
  }));
  const headers = Object.entries(worker.headers?.properties ?? {}).map(([key, spec]) => ({
    id: `header.${key}`,
    label: label(key, spec),
    description: spec.description,
    group: 'settings',
    binding: { type: 'zeebe:taskHeader', key },
    ...(spec.enum
      ? { type: 'Dropdown', choices: [...((worker.headers?.required ?? []).includes(key) ? [] : [{ name: '(unchanged)', value: '' }]), ...spec.enum.map((v) => ({ name: v, value: v }))], value: (worker.headers?.required ?? []).includes(key) ? spec.enum[0] : '' }
      : { type: 'String' }),
    ...((worker.headers?.required ?? []).includes(key) ? { constraints: { notEmpty: true } } : {}),
  }));
  // Every output gets a mapping the analyst can rename, so two tasks of one kind keep apart results.
  const outputs = Object.entries(worker.output.properties).map(([name, spec]) => ({
    id: `output.${name}`,
    label: `Result variable: ${label(name, spec)}`,
    description: spec.description ?? `Where the task's ${name} is kept.`,
    group: 'output',
    type: 'String',
    value: name,
    binding: { type: 'zeebe:output', source: `=${name}` },
  }));
  const errors = Object.entries(worker.errors ?? {});
  return {
    $schema: TEMPLATE_SCHEMA,
    name: worker.name,
    id: `ordo.${worker.type}`,
    description: worker.description + (errors.length ? ` BPMN errors: ${errors.map(([code, why]) => `${code} (${why})`).join('; ')}` : ''),
    version: TEMPLATE_VERSION,
    category: { id: 'ordo', name: 'Ordo' },
    appliesTo: ['bpmn:Task'],
    elementType: { value: 'bpmn:ServiceTask' },
    groups: [
      { id: 'settings', label: 'Settings' },
      { id: 'input', label: 'Input' },
      { id: 'output', label: 'Output' },
      { id: 'retries', label: 'Retries' },
    ],
    properties: [
      { type: 'Hidden', value: worker.type, binding: { type: 'zeebe:taskDefinition', property: 'type' } },
      ...headers,
      ...inputs,
      ...outputs,
      { id: 'retries', label: 'Retries', description: 'Attempts before an incident in Operate.', group: 'retries', type: 'String', value: '3', binding: { type: 'zeebe:taskDefinition', property: 'retries' } },
    ],
  };
}

export const templateFileName = (worker: AnyWorker) => `${worker.type}.json`;
