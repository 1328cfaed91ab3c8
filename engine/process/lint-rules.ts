/**
 * Ordo's own bpmnlint rules (plugin "ordo" in .bpmnlintrc): what the Camunda 7 compatibility rules do
 * not check and an Ordo model needs to run. Each rule is a bpmnlint rule factory.
 */
type Element = { id: string; $type: string; get(name: string): unknown; [key: string]: unknown };
type Reporter = { report(id: string, message: string): void };
type Rule = () => { check(node: Element, reporter: Reporter): void };

const is = (node: Element, type: string) => node.$type === type;

/** Every service task is an external task with a topic: Ordo's workers do all the work. */
const externalTask: Rule = () => ({
  check(node, reporter) {
    if (!is(node, 'bpmn:ServiceTask')) return;
    if (node.get('camunda:type') !== 'external') reporter.report(node.id, 'Service task must be an external task (camunda:type="external"): Ordo\'s workers do the work');
    else if (!node.get('camunda:topic')) reporter.report(node.id, 'External task has no camunda:topic: no worker would take it (use an Ordo element template)');
  },
});

/** A call activity names what it calls, and a versionTag binding names the tag. */
const callActivity: Rule = () => ({
  check(node, reporter) {
    if (!is(node, 'bpmn:CallActivity')) return;
    if (!node.get('calledElement')) reporter.report(node.id, 'Call activity has no calledElement');
    if (node.get('camunda:calledElementBinding') === 'versionTag' && !node.get('camunda:calledElementVersionTag')) {
      reporter.report(node.id, 'Call activity binds by versionTag but has no camunda:calledElementVersionTag');
    }
  },
});

/** Message events and receive tasks refer to a message with a name (the name is what Ordo correlates). */
const namedMessage: Rule = () => ({
  check(node, reporter) {
    const refs = is(node, 'bpmn:ReceiveTask')
      ? [node.get('messageRef')]
      : ((node.get('eventDefinitions') as Element[] | undefined) ?? []).filter((d) => is(d, 'bpmn:MessageEventDefinition')).map((d) => d.get('messageRef'));
    for (const ref of refs) {
      if (!(ref as Element | undefined)?.get('name')) reporter.report(node.id, 'Refers to no message, or to a message without a name');
    }
  },
});

/** An error boundary or start event catches a named error code: a catch-all would also swallow errors meant for incidents. */
const namedError: Rule = () => ({
  check(node, reporter) {
    if (!is(node, 'bpmn:BoundaryEvent') && !is(node, 'bpmn:StartEvent')) return;
    for (const d of ((node.get('eventDefinitions') as Element[] | undefined) ?? []).filter((e) => is(e, 'bpmn:ErrorEventDefinition'))) {
      const error = d.get('errorRef') as Element | undefined;
      if (!error?.get('errorCode')) reporter.report(node.id, 'Error event catches no error code (set errorRef to an error with an errorCode)');
    }
  },
});

/**
 * No output parameters: the engine evaluates them also when the element is cancelled (an interrupting
 * event, a cancelled order), when the values they name may not exist, and the cancellation then fails.
 * A worker's results are named by its result.<output> settings; a reason is set by a script task.
 */
const noOutputMappings: Rule = () => ({
  check(node, reporter) {
    const io = ((node.get('extensionElements') as Element | undefined)?.get('values') as Element[] | undefined)?.find((e) => is(e, 'camunda:InputOutput'));
    if (((io?.get('outputParameters') as unknown[] | undefined) ?? []).length > 0) {
      reporter.report(node.id, 'Output parameters are evaluated also when this element is cancelled; name a worker\'s results with its result.<output> settings, set other values in a script task');
    }
  },
});

export const ordoLintRules: Record<string, Rule> = {
  'external-task': externalTask,
  'call-activity': callActivity,
  'named-message': namedMessage,
  'named-error': namedError,
  'no-output-mappings': noOutputMappings,
};
