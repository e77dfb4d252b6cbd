import './LogoMark.css';

/**
 * The product mark: the app icon's handset on an accent tile (build/icon.svg, drawn edge to edge
 * here since the window needs no room for a shadow). Decorative; the name is always beside it.
 */
export function LogoMark() {
  return (
    <svg viewBox="24 24 464 464" className="logo-mark" aria-hidden="true" focusable="false">
      <rect className="logo-mark__tile" x="24" y="24" width="464" height="464" rx="104" />
      <path
        className="logo-mark__handset"
        d="M176 112c14 0 25 8 30 21l22 55c5 12 1 26-9 34l-27 21c17 38 46 67 84 84l21-27c8-10 22-14 34-9l55 22c13 5 21 16 21 30v42c0 26-21 47-47 45C228 440 72 284 62 131c-2-26 19-47 45-47h69z"
      />
    </svg>
  );
}
