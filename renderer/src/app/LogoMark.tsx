import './LogoMark.css';

/** The product mark: level bars for "audio" on an accent tile. Decorative; the name is always beside it. */
export function LogoMark() {
  return (
    <svg viewBox="0 0 24 24" className="logo-mark" aria-hidden="true" focusable="false">
      <rect className="logo-mark__tile" width="24" height="24" rx="6" />
      <path className="logo-mark__bars" d="M7 10.5v3M10 7.5v9M13.5 9v6M17 11v2" />
    </svg>
  );
}
