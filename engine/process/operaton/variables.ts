import type { Variables } from '../process-engine.js';
import type { Schemas } from './operaton-rest.js';

type VariableValue = Schemas['VariableValueDto'];

const INT_MAX = 2 ** 31 - 1;
const INT_MIN = -(2 ** 31);

/**
 * One JSON value as an Operaton typed variable. Objects and arrays are `Json` (Spin), so models read
 * them with S(...) in JUEL or as contexts in FEEL; numbers keep their kind (Integer, Long, Double).
 */
export function toOperatonValue(value: unknown): VariableValue {
  if (value === null || value === undefined) return { type: 'Null', value: null };
  switch (typeof value) {
    case 'string': return { type: 'String', value };
    case 'boolean': return { type: 'Boolean', value };
    case 'number':
      if (Number.isInteger(value)) return { type: value >= INT_MIN && value <= INT_MAX ? 'Integer' : Number.isSafeInteger(value) ? 'Long' : 'Double', value };
      return { type: 'Double', value };
    case 'object': return { type: 'Json', value: JSON.stringify(value) };
    default: throw new TypeError(`a process variable cannot hold a ${typeof value}`);
  }
}

export function toOperatonVariables(variables: Variables): Record<string, VariableValue> {
  return Object.fromEntries(Object.entries(variables).filter(([, v]) => v !== undefined).map(([name, v]) => [name, toOperatonValue(v)]));
}

/** A typed variable as a JSON value: Json is parsed, dates stay ISO strings, bytes and Java objects are refused. */
export function fromOperatonValue(name: string, variable: VariableValue): unknown {
  const { type, value } = variable;
  switch (type) {
    case 'Json': return typeof value === 'string' ? JSON.parse(value) : value;
    // A value a model built itself (e.g. an element of S(list).mapTo(...)), kept as JSON (default-serialization-format).
    case 'Object':
      if ((variable.valueInfo as { serializationDataFormat?: string } | undefined)?.serializationDataFormat === 'application/json' && typeof value === 'string') return JSON.parse(value);
      throw new TypeError(`process variable ${name} is a serialized Java object, which Ordo does not read (JSON values only)`);
    case 'Null': return null;
    case 'String':
    case 'Boolean':
    case 'Integer':
    case 'Long':
    case 'Short':
    case 'Double':
    case 'Date':
      return value;
    default:
      throw new TypeError(`process variable ${name} has type ${String(type)}, which Ordo does not read (JSON values only)`);
  }
}

export function fromOperatonVariables(variables: Record<string, VariableValue> | null | undefined): Variables {
  return Object.fromEntries(Object.entries(variables ?? {}).map(([name, v]) => [name, fromOperatonValue(name, v)]));
}
