import { Suspense, useEffect, useRef, useState } from 'react';
import { lazyAfterStrictCsp } from '../components/lazyAfterStrictCsp';
import { useGoToSection } from '../components/useGoToSection';
import { LiveAlerts } from '../features/live/LiveAlerts';
import { useNavigation } from '../store/StoresContext';
import { NavRail } from './NavRail';
import { SectionLoading } from './SectionLoading';
import { sections } from './sections';
import { SkipLink } from './SkipLink';
import { StatusBar } from './StatusBar';
import { TopBar } from './TopBar';
import { useSectionShortcuts } from './useSectionShortcuts';
import './App.css';

const MAIN_ID = 'main';

// Opened from the status bar now and then: its code loads once the frame has rendered.
const { Component: DiagnosticsDialog } = lazyAfterStrictCsp(() =>
  import('../features/diagnostics/DiagnosticsDialog').then((module) => module.DiagnosticsDialog),
);

/** The frame: skip link, top bar, section rail, the current section's page, status bar, Diagnostics, registration alerts. */
export function App() {
  const section = useNavigation((state) => state.section);
  const mainRef = useRef<HTMLElement>(null);
  const [diagnosticsOpen, setDiagnosticsOpen] = useState(false);

  useSectionShortcuts(useGoToSection());

  useEffect(() => {
    mainRef.current?.scrollTo({ top: 0 });
  }, [section]);

  // Once a connection is chosen, Devices is where a technician goes next: have it ready.
  useEffect(() => {
    const idle = requestIdleCallback(() => sections.devices.preload());
    return () => cancelIdleCallback(idle);
  }, []);

  const { Page, label } = sections[section];
  return (
    <div className="app-frame">
      <SkipLink targetId={MAIN_ID}>Skip to content</SkipLink>
      <TopBar />
      <NavRail />
      <main id={MAIN_ID} ref={mainRef} className="app-main" tabIndex={-1} aria-labelledby="page-title">
        <Suspense key={section} fallback={<SectionLoading label={label} />}>
          <Page />
        </Suspense>
      </main>
      <StatusBar onOpenDiagnostics={() => setDiagnosticsOpen(true)} />
      <Suspense fallback={null}>
        <DiagnosticsDialog open={diagnosticsOpen} onClose={() => setDiagnosticsOpen(false)} />
      </Suspense>
      <LiveAlerts />
    </div>
  );
}
