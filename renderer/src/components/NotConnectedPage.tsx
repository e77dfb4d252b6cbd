import type { ReactNode } from 'react';
import { useNavigation } from '../store/StoresContext';
import { Button } from './Button';
import { EmptyState } from './EmptyState';
import { PlugIcon } from './Icon';
import { Page } from './Page';
import { Panel } from './Panel';

export interface NotConnectedPageProps {
  title: string;
  description: string;
  icon: ReactNode;
  /** What the section shows once an account is connected. */
  children: ReactNode;
}

/** A section that needs an account, before one is connected: what it will show, and the way to Connect. */
export function NotConnectedPage({ title, description, icon, children }: NotConnectedPageProps) {
  const go = useNavigation((state) => state.go);
  return (
    <Page title={title} description={description}>
      <Panel fill>
        <EmptyState
          icon={icon}
          title="No account connected"
          actions={
            <Button variant="primary" icon={<PlugIcon />} onClick={() => go('connect')}>
              Go to Connect
            </Button>
          }
        >
          {children}
        </EmptyState>
      </Panel>
    </Page>
  );
}
