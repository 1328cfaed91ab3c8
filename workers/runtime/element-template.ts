import type { AnyWorker, ObjectSchema } from './define-worker.js';
import { DEFAULT_RETRIES, ON_FAILURE_HEADER, RESULT_PREFIX, RETRIES_HEADER } from './run-workers.js';

/**
 * Camunda Modeler element template (Camunda 7 / Operaton platform) for one worker: the analyst drags
 * the task in and never types a topic. Settings are extension properties, required inputs input
 * parameters (a worker reads the others, by name, from the process variables), and every output a
 * result variable the analyst can rename (setting `result.<output>`).
 */
export interface ElementTemplate {
  $schema: string;
  name: string;
  id: string;
  description: string;
  version: number;
  appliesTo: string[];
  elementType: { value: string };
  groups: { id: string; label: string }[];
  properties: Record<string, unknown>[];
}

export const TEMPLATE_SCHEMA = 'https://unpkg.com/@camunda/element-templates-json-schema/resources/schema.json';

/** Bump when a worker's contract changes so that models using an older template are flagged in Modeler. */
export const TEMPLATE_VERSION = 1;

const label = (name: string, spec: ObjectSchema['properties'][string]) => spec.title ?? name;
const sentence = (text: string | undefined) => (text ?? '').trim();

export function elementTemplate(worker: AnyWorker): ElementTemplate {
  const required = new Set(worker.input.required ?? []);
  const optional = Object.keys(worker.input.properties).filter((name) => !required.has(name));
  const inputs = Object.entries(worker.input.properties)
    .filter(([name]) => required.has(name))
    .map(([name, spec]) => ({
      label: label(name, spec),
      description: `${sentence(spec.description)} Default: the process variable ${name}.`.trim(),
      group: 'input',
      type: 'String',
      value: `\${${name}}`,
      binding: { type: 'camunda:inputParameter', name },
      constraints: { notEmpty: true },
    }));
  const headerRequired = new Set(worker.headers?.required ?? []);
  const settings = Object.entries(worker.headers?.properties ?? {}).map(([key, spec]) => ({
    label: label(key, spec),
    description: sentence(spec.description),
    group: 'settings',
    binding: { type: 'camunda:property', name: key },
    ...(spec.enum
      ? { type: 'Dropdown', choices: [...(headerRequired.has(key) ? [] : [{ name: '(not set)', value: '' }]), ...spec.enum.map((v) => ({ name: v, value: v }))], value: headerRequired.has(key) ? spec.enum[0] : '' }
      : { type: 'String', value: '' }),
    ...(headerRequired.has(key) ? { constraints: { notEmpty: true } } : {}),
  }));
  // Every output gets a variable name the analyst can change, so two tasks of one kind keep apart results.
  const outputs = Object.entries(worker.output.properties).map(([name, spec]) => ({
    label: `Result variable: ${label(name, spec)}`,
    description: `${sentence(spec.description) || `The task's ${name}.`} Kept in the process variable named here.`,
    group: 'output',
    type: 'String',
    value: name,
    binding: { type: 'camunda:property', name: `${RESULT_PREFIX}${name}` },
    constraints: { notEmpty: true },
  }));
  const errors = Object.entries(worker.errors ?? {});
  const reads = optional.length ? ` Also reads, when the process has them: ${optional.join(', ')} (add an input parameter to give another value).` : '';
  return {
    $schema: TEMPLATE_SCHEMA,
    name: worker.name,
    id: `ordo.${worker.type}`,
    description: worker.description + reads + (errors.length ? ` BPMN errors: ${errors.map(([code, why]) => `${code} (${why})`).join('; ')}` : ''),
    version: TEMPLATE_VERSION,
    appliesTo: ['bpmn:Task'],
    elementType: { value: 'bpmn:ServiceTask' },
    groups: [
      { id: 'settings', label: 'Settings' },
      { id: 'input', label: 'Input' },
      { id: 'output', label: 'Output' },
      { id: 'failure', label: 'Failure handling' },
    ],
    properties: [
      { type: 'Hidden', value: 'external', binding: { type: 'property', name: 'camunda:type' } },
      { type: 'Hidden', value: worker.type, binding: { type: 'property', name: 'camunda:topic' } },
      ...settings,
      ...inputs,
      ...outputs,
      {
        label: 'Attempts',
        description: `Attempts before the step becomes an incident in Cockpit (default ${DEFAULT_RETRIES}).`,
        group: 'failure',
        type: 'String',
        value: String(DEFAULT_RETRIES),
        binding: { type: 'camunda:property', name: RETRIES_HEADER },
        constraints: { notEmpty: true, pattern: { value: '^[1-9][0-9]*$', message: 'A whole number, at least 1.' } },
      },
      {
        label: 'When attempts are spent',
        description: 'incident: ops repair it in Cockpit; fallout: BPMN error FALLOUT (variables failedStep, falloutError), for the model to hand the step to people.',
        group: 'failure',
        type: 'Dropdown',
        value: '',
        choices: [{ name: 'incident', value: '' }, { name: 'fallout', value: 'fallout' }],
        binding: { type: 'camunda:property', name: ON_FAILURE_HEADER },
      },
    ],
  };
}

export const templateFileName = (worker: AnyWorker) => `${worker.type}.json`;
