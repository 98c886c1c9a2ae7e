import { useTranslation } from 'react-i18next';
import { setLanguage, type Lang } from '../../i18n';
import { useTheme, type ThemeChoice } from './theme';

export function SettingsControls() {
  const { t, i18n } = useTranslation();
  const [theme, setTheme] = useTheme();
  return (
    <>
      <label className="header-control">
        <span className="header-label">{t('settings.language')}</span>
        <select value={i18n.language} onChange={(e) => setLanguage(e.target.value as Lang)} data-testid="language-picker">
          <option value="en">English</option>
          <option value="zh-CN">简体中文</option>
        </select>
      </label>
      <label className="header-control">
        <span className="header-label">{t('settings.theme')}</span>
        <select value={theme} onChange={(e) => setTheme(e.target.value as ThemeChoice)} data-testid="theme-picker">
          <option value="system">{t('settings.themeSystem')}</option>
          <option value="light">{t('settings.themeLight')}</option>
          <option value="dark">{t('settings.themeDark')}</option>
        </select>
      </label>
    </>
  );
}
