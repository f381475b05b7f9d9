/**
 * Readability themes (antd tokens) for the pages outside the login gate. READABLE: secondary and descriptive
 * text dark enough for WCAG AA contrast on white (antd's default grey is about 3:1). ELDER: 长辈模式 of 掌上办
 * after MIIT《互联网网站适老化通用设计规范》(2021): larger type and controls, black text, dark borders and a
 * dark red that keeps 7:1 on white.
 */
import type { ThemeConfig } from 'antd';

export const READABLE_THEME: ThemeConfig = {
  token: { colorTextSecondary: '#595959', colorTextDescription: '#595959', colorTextTertiary: '#595959', colorLink: '#0050b3' },
};

export const ELDER_THEME: ThemeConfig = {
  token: {
    fontSize: 20, fontSizeSM: 18, fontSizeLG: 22, fontSizeHeading3: 28, lineHeight: 1.6,
    controlHeight: 48, controlHeightLG: 56, controlHeightSM: 40,
    colorText: '#000000', colorTextHeading: '#000000', colorTextLabel: '#000000', colorTextSecondary: '#1f1f1f', colorTextDescription: '#1f1f1f',
    colorTextTertiary: '#262626', colorTextPlaceholder: '#595959', colorBorder: '#434343', colorPrimary: '#8b0000', colorError: '#a8071a',
    colorLink: '#003a8c',
  },
};

/** Where 掌上办 remembers 长辈模式 on the device. */
export const ELDER_KEY = 'doudi.public.elder';
