import { Kbd } from '../components/Kbd';
import { shortcutAria, shortcutLabel } from '../components/shortcutKeys';
import { sectionIds } from '../store/createNavigationStore';
import { useNavigation } from '../store/StoresContext';
import { sections } from './sections';
import './NavRail.css';

/**
 * The section switcher. The current section is marked by aria-current, a bar beside it, bold
 * text and a tint, so it never depends on colour alone.
 */
export function NavRail() {
  const current = useNavigation((state) => state.section);
  const go = useNavigation((state) => state.go);
  return (
    <nav className="nav-rail" aria-label="Sections">
      <ul className="nav-rail__list">
        {sectionIds.map((id, index) => {
          const { label, Icon, preload } = sections[id];
          const digit = index + 1;
          return (
            <li key={id}>
              <button
                type="button"
                className="nav-item"
                aria-current={current === id ? 'page' : undefined}
                aria-keyshortcuts={shortcutAria(String(digit))}
                title={`${label} (${shortcutLabel(String(digit))})`}
                onClick={() => go(id)}
                onPointerEnter={preload}
                onFocus={preload}
              >
                <Icon className="nav-item__icon" />
                <span className="nav-item__label">{label}</span>
                <span className="nav-item__shortcut" aria-hidden="true">
                  <Kbd keys={shortcutLabel(String(digit))} />
                </span>
              </button>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
