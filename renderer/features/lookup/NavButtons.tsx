import { useTranslation } from 'react-i18next';

interface Props {
  canGoBack: boolean;
  canGoForward: boolean;
  onBack: () => void;
  onForward: () => void;
}

/** Back and forward between viewed messages (also Alt+← and Alt+→). */
export function NavButtons({ canGoBack, canGoForward, onBack, onForward }: Props) {
  const { t } = useTranslation();
  return (
    <div className="nav-buttons">
      <NavButton label={t('nav.back')} shortcut="Alt+←" arrow="←" disabled={!canGoBack} onClick={onBack} />
      <NavButton label={t('nav.forward')} shortcut="Alt+→" arrow="→" disabled={!canGoForward} onClick={onForward} />
    </div>
  );
}

function NavButton({
  label,
  shortcut,
  arrow,
  disabled,
  onClick,
}: {
  label: string;
  shortcut: string;
  arrow: string;
  disabled: boolean;
  onClick: () => void;
}) {
  return (
    <button type="button" className="button" onClick={onClick} disabled={disabled} aria-label={label} title={`${label} (${shortcut})`}>
      {arrow}
    </button>
  );
}
