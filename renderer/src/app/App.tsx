import { useEffect, useRef, useState } from 'react';
import { useGoToSection } from '../components/useGoToSection';
import { DiagnosticsDialog } from '../features/diagnostics/DiagnosticsDialog';
import { LiveAlerts } from '../features/live/LiveAlerts';
import { useNavigation } from '../store/StoresContext';
import { NavRail } from './NavRail';
import { sections } from './sections';
import { SkipLink } from './SkipLink';
import { StatusBar } from './StatusBar';
import { TopBar } from './TopBar';
import { useSectionShortcuts } from './useSectionShortcuts';
import './App.css';

const MAIN_ID = 'main';

/** The frame: skip link, top bar, section rail, the current section's page, status bar, Diagnostics, registration alerts. */
export function App() {
  const section = useNavigation((state) => state.section);
  const mainRef = useRef<HTMLElement>(null);
  const [diagnosticsOpen, setDiagnosticsOpen] = useState(false);

  useSectionShortcuts(useGoToSection());

  useEffect(() => {
    mainRef.current?.scrollTo({ top: 0 });
  }, [section]);

  const { Page } = sections[section];
  return (
    <div className="app-frame">
      <SkipLink targetId={MAIN_ID}>Skip to content</SkipLink>
      <TopBar />
      <NavRail />
      <main id={MAIN_ID} ref={mainRef} className="app-main" tabIndex={-1} aria-labelledby="page-title">
        <Page />
      </main>
      <StatusBar onOpenDiagnostics={() => setDiagnosticsOpen(true)} />
      <DiagnosticsDialog open={diagnosticsOpen} onClose={() => setDiagnosticsOpen(false)} />
      <LiveAlerts />
    </div>
  );
}
