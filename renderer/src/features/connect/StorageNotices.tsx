import type { ConnectionsOverview } from '../../../../common/connections';
import { Banner } from '../../components/Banner';
import './StorageNotices.css';

/** Standing facts about where connections are kept: secrets for this session only, files set aside. */
export function StorageNotices({ overview }: { overview: ConnectionsOverview }) {
  const { secretStorage, problems } = overview;
  return (
    <>
      {secretStorage.persistence === 'session-only' ? (
        <Banner tone="info" title="Keys are kept for this session only">
          {secretStorage.notice ?? 'No keychain answered, so keys, passwords and tokens you enter are forgotten when the app closes.'}
        </Banner>
      ) : null}
      {problems.length > 0 ? (
        <Banner tone="warning" title={problems.length === 1 ? 'A saved file could not be read' : 'Some saved files could not be read'}>
          <ul className="storage-notices__problems">
            {problems.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
        </Banner>
      ) : null}
    </>
  );
}
