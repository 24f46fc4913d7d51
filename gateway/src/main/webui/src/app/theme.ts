import { Drawer, Modal, Notification, createTheme, darken, lighten, type CSSVariablesResolver } from '@mantine/core';

/**
 * The studio's theme. Colours are chosen for WCAG AA contrast (axe-core checks every screen): the
 * primary teal is its darkest shade on filled buttons and its lightest behind light-variant text,
 * and dimmed and error text use darker greys and reds than Mantine's defaults.
 */
export const theme = createTheme({
  primaryColor: 'teal',
  primaryShade: { light: 9, dark: 7 },
  defaultRadius: 'md',
  // drawers, menus and notifications appear without motion for a vendor who asked for less of it
  respectReducedMotion: true,
  fontFamily: 'Inter, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  headings: { fontWeight: '650' },
  // close buttons are icons: give each a name a screen reader can say
  components: {
    Notification: Notification.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Dismiss' } } }),
    Drawer: Drawer.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Close' } } }),
    Modal: Modal.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Close' } } }),
  },
});

export const cssVariables: CSSVariablesResolver = (t) => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': t.colors.gray[7],
    '--mantine-color-error': t.colors.red[9],
    // red text on white or on red's light background (a Delete button, a Paused badge): red 6 leaves 3.3:1
    '--mantine-color-red-light-color': t.colors.red[9],
    '--mantine-color-placeholder': t.colors.gray[6],
    // teal's own light background (shade 1) leaves its text at 4.3:1: the lightest shade keeps 4.7:1
    '--mantine-color-teal-light': t.colors.teal[0],
    // and hovered (an active link under the pointer) halfway to shade 1: 4.6:1 where shade 1 leaves 4.3:1
    '--mantine-color-teal-light-hover': lighten(t.colors.teal[1], 0.4),
    // a hovered filled button goes darker, not lighter (shade 8 leaves white text at 3.9:1)
    '--mantine-color-teal-filled-hover': darken(t.colors.teal[9], 0.15),
  },
  dark: {},
});
