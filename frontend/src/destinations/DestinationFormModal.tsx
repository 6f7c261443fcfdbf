import { useMutation } from 'urql';
import { type ConfigKind, type ConfigPayload, ConfigFormModal } from '../forms/ConfigFormModal';
import type { ConfigFormValues, FieldSpec } from '../forms/fieldValues';
import {
  CreateDestinationDocument,
  type DestinationInput,
  type DestinationKind,
  type DestinationRowFragment,
  type DestinationTestFieldsFragment,
  TestDestinationDocument,
  UpdateDestinationDocument,
} from '../gql/graphql';
import { DestinationTestResult } from './DestinationTestResult';
import { trustsOnFirstUse } from './kinds';

export interface DestinationFormModalProps {
  kinds: readonly ConfigKind[];
  /** destination is the destination to edit; without one the form creates a destination. */
  destination?: DestinationRowFragment;
  onClose(): void;
  onSaved(): void;
}

function destinationInput(p: ConfigPayload): DestinationInput {
  return { name: p.name, kind: p.kind as DestinationKind, settings: p.settings, secrets: p.secrets };
}

interface FormResultProps {
  result: DestinationTestFieldsFragment;
  fields: readonly FieldSpec[];
  values: ConfigFormValues;
}

function FormResult({ result, fields, values }: FormResultProps) {
  const trust = trustsOnFirstUse(values.settings.trust_on_first_use);
  return <DestinationTestResult result={result} fields={fields} trustOnFirstUse={trust} />;
}

/**
 * DestinationFormModal creates or edits a destination with the form of its kind. Testing an
 * edited destination sends its id with the form, so secrets left empty come from the stored ones.
 */
export function DestinationFormModal({ kinds, destination, onClose, onSaved }: DestinationFormModalProps) {
  const [, createDestination] = useMutation(CreateDestinationDocument);
  const [, updateDestination] = useMutation(UpdateDestinationDocument);
  const [, testDestination] = useMutation(TestDestinationDocument);

  const save = (p: ConfigPayload) =>
    destination
      ? updateDestination({ id: destination.id, input: { name: p.name, settings: p.settings, secrets: p.secrets } })
      : createDestination({ input: destinationInput(p) });
  const test = async (p: ConfigPayload) => {
    const answer = await testDestination({ id: destination?.id, input: destinationInput(p) });
    return { data: answer.data?.testDestination, error: answer.error };
  };

  return (
    <ConfigFormModal
      noun="destination"
      kindLabel="Kind"
      kinds={kinds}
      item={destination}
      save={save}
      test={test}
      ResultView={FormResult}
      onClose={onClose}
      onSaved={onSaved}
    />
  );
}
