import { Field, inputClass } from '../ui/Field';
import { scenarioStore, scenarios, useScenario } from './scenarios';

/** Lets anyone see each kind of failure on purpose, in sandbox mode. */
export function ScenarioPicker() {
  const scenario = useScenario();
  return (
    <Field
      label="Sandbox: next answer"
      hint="Makes the sandbox answer the next request with this, to see how the app handles it."
    >
      {(control) => (
        <select
          {...control}
          className={inputClass}
          value={scenario.id}
          onChange={(event) => scenarioStore.choose(event.target.value)}
        >
          {scenarios.map((option) => (
            <option key={option.id} value={option.id}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
