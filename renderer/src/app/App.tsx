import { Suspense, useEffect, useRef, useState } from 'react';
import { Dialog } from '../components/Dialog';
import { lazyAfterStrictCsp } from '../components/lazyAfterStrictCsp';
import { LoadBoundary } from '../components/LoadBoundary';
import { LoadFailed } from '../components/LoadFailed';
import { useGoToSection } from '../components/useGoToSection';
import { LiveAlerts } from '../features/live/LiveAlerts';
import { useConnections, useNavigation } from '../store/StoresContext';
import { CrashNotice } from './CrashNotice';
import { NavRail } from './NavRail';
import { SectionLoadFailed } from './SectionLoadFailed';
import { SectionLoading } from './SectionLoading';
import { sections } from './sections';
import { SkipLink } from './SkipLink';
import { StatusBar } from './StatusBar';
import { TopBar } from './TopBar';
import { useSectionShortcuts } from './useSectionShortcuts';
import './App.css';

const MAIN_ID = 'main';

// Opened from the status bar now and then: its code loads once the first screen is shown.
const { Component: DiagnosticsDialog } = lazyAfterStrictCsp(() =>
  import('../features/diagnostics/DiagnosticsDialog').then((module) => module.DiagnosticsDialog),
);

/** The frame: skip link, top bar, section rail, the current section's page, status bar, Diagnostics, registration alerts, a crash notice. */
export function App() {
  const section = useNavigation((state) => state.section);
  const mainRef = useRef<HTMLElement>(null);
  const [diagnosticsOpen, setDiagnosticsOpen] = useState(false);

  // Connect is complete once the saved connections (or why they could not be read) are shown; what
  // it does not need loads after that, so it never competes with the first screen.
  const firstScreenShown = useConnections((state) => state.overview !== null || state.load.status === 'failed');

  useSectionShortcuts(useGoToSection());

  useEffect(() => {
    mainRef.current?.scrollTo({ top: 0 });
  }, [section]);

  // Once a connection is chosen, Devices is where a technician goes next: have it ready.
  useEffect(() => {
    if (!firstScreenShown) return;
    const idle = requestIdleCallback(() => sections.devices.preload());
    return () => cancelIdleCallback(idle);
  }, [firstScreenShown]);

  const { Page, label } = sections[section];
  return (
    <div className="app-frame">
      <SkipLink targetId={MAIN_ID}>Skip to content</SkipLink>
      <TopBar />
      <NavRail />
      <main id={MAIN_ID} ref={mainRef} className="app-main" tabIndex={-1} aria-labelledby="page-title">
        <LoadBoundary key={section} failed={(retry) => <SectionLoadFailed label={label} onRetry={retry} />}>
          <Suspense fallback={<SectionLoading label={label} />}>
            <Page />
          </Suspense>
        </LoadBoundary>
      </main>
      <StatusBar onOpenDiagnostics={() => setDiagnosticsOpen(true)} />
      {firstScreenShown || diagnosticsOpen ? (
        <LoadBoundary
          failed={(retry) => (
            <Dialog open={diagnosticsOpen} onClose={() => setDiagnosticsOpen(false)} title="Diagnostics">
              <LoadFailed what="Diagnostics" onRetry={retry} />
            </Dialog>
          )}
        >
          <Suspense fallback={null}>
            <DiagnosticsDialog open={diagnosticsOpen} onClose={() => setDiagnosticsOpen(false)} />
          </Suspense>
        </LoadBoundary>
      ) : null}
      <LiveAlerts />
      <CrashNotice />
    </div>
  );
}
