import { useCallback, useEffect, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import { DiagnosticsDialog } from '../features/diagnostics/DiagnosticsDialog';
import { LiveAlerts } from '../features/live/LiveAlerts';
import type { SectionId } from '../store/createNavigationStore';
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
  const go = useNavigation((state) => state.go);
  const mainRef = useRef<HTMLElement>(null);
  const [diagnosticsOpen, setDiagnosticsOpen] = useState(false);

  // A shortcut used from inside the old page would leave focus on a removed element; the new
  // heading takes it instead, which also tells a screen reader where it landed.
  const goByKeyboard = useCallback(
    (next: SectionId) => {
      flushSync(() => go(next));
      document.getElementById('page-title')?.focus();
    },
    [go],
  );
  useSectionShortcuts(goByKeyboard);

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
