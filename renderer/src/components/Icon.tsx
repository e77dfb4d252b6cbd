import type { ReactNode, SVGProps } from 'react';
import './Icon.css';

export type IconSize = 'sm' | 'md' | 'lg' | 'xl';

export interface IconProps extends Omit<SVGProps<SVGSVGElement>, 'children' | 'width' | 'height'> {
  size?: IconSize;
  /** Give a title only when the icon carries meaning that no nearby text states; otherwise it is hidden from screen readers. */
  title?: string;
}

/**
 * The app's icon set: simple 24-unit outline glyphs drawn inline, so they inherit the text
 * colour, need no network or font and pass the style-src 'self' CSP.
 */
function IconBase({ size = 'md', title, className, children, ...rest }: IconProps & { children: ReactNode }) {
  return (
    <svg
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.75}
      strokeLinecap="round"
      strokeLinejoin="round"
      focusable="false"
      className={['icon', `icon--${size}`, className].filter(Boolean).join(' ')}
      role={title ? 'img' : undefined}
      aria-hidden={title ? undefined : true}
      {...rest}
    >
      {title ? <title>{title}</title> : null}
      {children}
    </svg>
  );
}

export const PlugIcon = (props: IconProps) => (
  <IconBase {...props}>
    <path d="M9 2.5v5M15 2.5v5" />
    <path d="M6 7.5h12V11a6 6 0 0 1-12 0z" />
    <path d="M12 17v4.5" />
  </IconBase>
);

export const DeskPhoneIcon = (props: IconProps) => (
  <IconBase {...props}>
    <path d="M3 9.25C3 6.9 7 5 12 5s9 1.9 9 4.25V10a1 1 0 0 1-1 1h-2.5a1 1 0 0 1-1-1V8.75h-9V10a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1z" />
    <path d="M7 12.5 5.2 18.8A1 1 0 0 0 6.2 20h11.6a1 1 0 0 0 1-1.2L17 12.5" />
    <path d="M10 14.75h.01M12 14.75h.01M14 14.75h.01M10 17.25h.01M12 17.25h.01M14 17.25h.01" />
  </IconBase>
);

export const ImportIcon = (props: IconProps) => (
  <IconBase {...props}>
    <path d="M12 3.5v11" />
    <path d="m7.5 10 4.5 4.5 4.5-4.5" />
    <path d="M4 15.5v2.5a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-2.5" />
  </IconBase>
);

export const PulseIcon = (props: IconProps) => (
  <IconBase {...props}>
    <path d="M3 12h3.5l2.5-6.5 5 13 2.5-6.5H21" />
  </IconBase>
);

export const GaugeIcon = (props: IconProps) => (
  <IconBase {...props}>
    <path d="M4.5 18a8.5 8.5 0 1 1 15 0" />
    <path d="m12 15.5 3.5-5" />
    <circle cx="12" cy="16" r="1.25" />
  </IconBase>
);

export const FileCsvIcon = (props: IconProps) => (
  <IconBase {...props}>
    <path d="M14 3H7a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2V8z" />
    <path d="M14 3v5h5" />
    <rect x="8" y="11.5" width="8" height="6" rx="0.5" />
    <path d="M8 14.5h8M12 11.5v6" />
  </IconBase>
);

export const PlusIcon = (props: IconProps) => (
  <IconBase {...props}>
    <path d="M12 5v14M5 12h14" />
  </IconBase>
);

export const PlayIcon = (props: IconProps) => (
  <IconBase {...props}>
    <path d="M7.5 5v14l11-7z" />
  </IconBase>
);

export const ArrowRightIcon = (props: IconProps) => (
  <IconBase {...props}>
    <path d="M5 12h14M13 6l6 6-6 6" />
  </IconBase>
);

/** An arrow turning back: undo. */
export const UndoIcon = (props: IconProps) => (
  <IconBase {...props}>
    <path d="M9 14 4 9l5-5" />
    <path d="M4 9h10.5a5.5 5.5 0 0 1 0 11H11" />
  </IconBase>
);

export const PencilIcon = (props: IconProps) => (
  <IconBase {...props}>
    <path d="M15.5 5.5 18.5 8.5" />
    <path d="M4 20l1-4L16 5a2.1 2.1 0 0 1 3 3L8 19z" />
  </IconBase>
);

export const TrashIcon = (props: IconProps) => (
  <IconBase {...props}>
    <path d="M4.5 7h15M10 11v6M14 11v6" />
    <path d="M6 7l1 12a2 2 0 0 0 2 2h6a2 2 0 0 0 2-2l1-12" />
    <path d="M9 7V4.5a1 1 0 0 1 1-1h4a1 1 0 0 1 1 1V7" />
  </IconBase>
);

export const KeyIcon = (props: IconProps) => (
  <IconBase {...props}>
    <circle cx="8" cy="15" r="4" />
    <path d="m11 12 8.5-8.5M16.5 6.5 19 9M14 9l2 2" />
  </IconBase>
);

export const CloseIcon = (props: IconProps) => (
  <IconBase {...props}>
    <path d="M6 6l12 12M18 6 6 18" />
  </IconBase>
);

export const CheckCircleIcon = (props: IconProps) => (
  <IconBase {...props}>
    <circle cx="12" cy="12" r="9" />
    <path d="m8 12.5 2.75 2.75L16 10" />
  </IconBase>
);

export const ErrorCircleIcon = (props: IconProps) => (
  <IconBase {...props}>
    <circle cx="12" cy="12" r="9" />
    <path d="m9 9 6 6M15 9l-6 6" />
  </IconBase>
);

export const WarningIcon = (props: IconProps) => (
  <IconBase {...props}>
    <path d="M10.3 4.4 2.7 17.5A2 2 0 0 0 4.4 20.5h15.2a2 2 0 0 0 1.7-3L13.7 4.4a2 2 0 0 0-3.4 0z" />
    <path d="M12 9.5v4M12 17h.01" />
  </IconBase>
);

export const InfoIcon = (props: IconProps) => (
  <IconBase {...props}>
    <circle cx="12" cy="12" r="9" />
    <path d="M12 11v5.5M12 7.75h.01" />
  </IconBase>
);

/** A hollow ring: "nothing yet", deliberately quieter than the other state icons. */
export const IdleIcon = (props: IconProps) => (
  <IconBase {...props}>
    <circle cx="12" cy="12" r="7" strokeDasharray="3.2 2.3" />
  </IconBase>
);

export const SpinnerIcon = ({ className, ...props }: IconProps) => (
  <IconBase {...props} className={['icon--spin', className].filter(Boolean).join(' ')}>
    <path d="M12 3a9 9 0 1 0 9 9" />
  </IconBase>
);

/** A circle struck through: switched off on purpose. */
export const BlockedIcon = (props: IconProps) => (
  <IconBase {...props}>
    <circle cx="12" cy="12" r="9" />
    <path d="m5.75 5.75 12.5 12.5" />
  </IconBase>
);

export const ClockIcon = (props: IconProps) => (
  <IconBase {...props}>
    <circle cx="12" cy="12" r="9" />
    <path d="M12 7.5V12l3 2" />
  </IconBase>
);

/** A clock with an arrow turning back: what happened before. */
export const HistoryIcon = (props: IconProps) => (
  <IconBase {...props}>
    <path d="M3.5 12a8.5 8.5 0 1 0 2.5-6" />
    <path d="M3 3.5V8h4.5" />
    <path d="M12 7.5V12l3 2" />
  </IconBase>
);

/** Up and down again and again: a connection that keeps dropping. */
export const FlapIcon = (props: IconProps) => (
  <IconBase {...props}>
    <path d="M3 15.5 6.5 8l3.5 8 3.5-8 3.5 8 3.5-7.5" />
  </IconBase>
);

export const PrinterIcon = (props: IconProps) => (
  <IconBase {...props}>
    <path d="M7 9V3.5h10V9" />
    <rect x="3.5" y="9" width="17" height="7.5" rx="1.5" />
    <path d="M7 14h10v6.5H7z" />
  </IconBase>
);

export const BellIcon = (props: IconProps) => (
  <IconBase {...props}>
    <path d="M6 16.5V11a6 6 0 0 1 12 0v5.5l1.5 1.5h-15z" />
    <path d="M10 20.5a2 2 0 0 0 4 0" />
  </IconBase>
);
