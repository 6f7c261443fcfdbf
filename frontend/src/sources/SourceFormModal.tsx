import { useMutation } from 'urql';
import { type ConfigKind, type ConfigPayload, ConfigFormModal } from '../forms/ConfigFormModal';
import {
  CreateSourceDocument,
  type SourceEngine,
  type SourceInput,
  type SourceRowFragment,
  TestSourceDocument,
  UpdateSourceDocument,
} from '../gql/graphql';
import { SourceTestResult } from './SourceTestResult';

export interface SourceFormModalProps {
  engines: readonly ConfigKind[];
  /** source is the source to edit; without one the form creates a source. */
  source?: SourceRowFragment;
  onClose(): void;
  onSaved(): void;
}

function sourceInput(p: ConfigPayload): SourceInput {
  return { name: p.name, engine: p.kind as SourceEngine, settings: p.settings, secrets: p.secrets };
}

/**
 * SourceFormModal creates or edits a source with the form of its engine. Testing an edited
 * source sends its id with the form, so the server fills in the secrets left empty from the
 * stored ones.
 */
export function SourceFormModal({ engines, source, onClose, onSaved }: SourceFormModalProps) {
  const [, createSource] = useMutation(CreateSourceDocument);
  const [, updateSource] = useMutation(UpdateSourceDocument);
  const [, testSource] = useMutation(TestSourceDocument);

  const save = (p: ConfigPayload) =>
    source
      ? updateSource({ id: source.id, input: { name: p.name, settings: p.settings, secrets: p.secrets } })
      : createSource({ input: sourceInput(p) });
  const test = async (p: ConfigPayload) => {
    const answer = await testSource({ id: source?.id, input: sourceInput(p) });
    return { data: answer.data?.testSource, error: answer.error };
  };

  return (
    <ConfigFormModal
      noun="source"
      kindLabel="Engine"
      kinds={engines}
      item={source && { ...source, kind: source.engine }}
      save={save}
      test={test}
      ResultView={SourceTestResult}
      onClose={onClose}
      onSaved={onSaved}
    />
  );
}
