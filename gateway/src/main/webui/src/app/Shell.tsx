import { useEffect } from 'react';
import { AppShell, Avatar, Badge, Burger, Center, Group, Loader, Menu, NavLink, ScrollArea, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconBolt, IconHome, IconLayoutGrid, IconListDetails, IconPalette, IconFlask, IconHistory, IconBox, IconBuildingStore, IconServer, IconLogout, IconPhotoAi, IconStack2, IconChevronDown, IconReceipt, IconUser, IconWebhook } from '@tabler/icons-react';
import { Link, NavLink as RouterNavLink, Outlet, useLocation } from 'react-router';
import { useAuth, useProfile } from '@/lib/auth';
import { EventStreamProvider, useEventStream } from '@/lib/events';
import { SignIn } from '@/features/auth/SignIn';
import { SessionExpired } from '@/features/auth/SessionExpired';

const NAV = [
  { to: '/', label: 'Studio', icon: IconHome, end: true },
  { to: '/templates', label: 'Templates', icon: IconLayoutGrid },
  { to: '/marketplace', label: 'Marketplace', icon: IconBuildingStore },
  { to: '/styles', label: 'Styles', icon: IconPalette },
  { to: '/generate', label: 'Generate single', icon: IconPhotoAi },
  { to: '/batches/new', label: 'Batch generation', icon: IconStack2 },
  { to: '/products', label: 'Products', icon: IconBox },
  { to: '/ab-tests', label: 'A/B tests', icon: IconFlask },
  { to: '/history', label: 'Prompt history', icon: IconHistory },
  { to: '/queue', label: 'Queue', icon: IconListDetails },
  { to: '/costs', label: 'Costs', icon: IconReceipt },
  { to: '/webhooks', label: 'Webhooks', icon: IconWebhook },
];

/** What only the platform's operators (the admin role) see. */
const ADMIN_NAV: typeof NAV = [{ to: '/operators', label: 'Operators', icon: IconServer }];

/** The signed-in studio's frame: header with the vendor's menu, navigation, and the page. */
export function Shell() {
  const { state } = useAuth();

  if (state.status === 'loading') {
    return (
      <Center h="100vh">
        <Loader role="status" aria-label="Loading the studio" />
      </Center>
    );
  }
  if (state.status === 'expired') return <SessionExpired />;
  if (state.status !== 'signed-in') return <SignIn error={state.status === 'error' ? state.message : undefined} />;
  return (
    <EventStreamProvider>
      <Frame />
    </EventStreamProvider>
  );
}

function Frame() {
  const profile = useProfile();
  const [opened, { toggle, close }] = useDisclosure();
  const location = useLocation();
  useEffect(close, [location.pathname, close]);
  return (
    <AppShell header={{ height: 60 }} navbar={{ width: 230, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="lg">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Group gap="sm">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
            <IconBolt aria-hidden color="var(--mantine-color-teal-6)" />
            <Title order={2} size="h4">
              <Link to="/" style={{ color: 'inherit', textDecoration: 'none' }}>
                AI Generation Studio
              </Link>
            </Title>
          </Group>
          <Group gap="md">
            <LiveIndicator />
            <UserMenu />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm" aria-label="Main">
        <ScrollArea>
          <Stack gap={2}>
            {[...NAV, ...(profile?.isAdmin ? ADMIN_NAV : [])].map((item) => (
              <NavLink
                key={item.to}
                component={RouterNavLink}
                to={item.to}
                end={item.end}
                label={item.label}
                leftSection={<item.icon size={18} aria-hidden />}
              />
            ))}
          </Stack>
        </ScrollArea>
      </AppShell.Navbar>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}

function LiveIndicator() {
  const { status } = useEventStream();
  return (
    <Badge variant="dot" color={status === 'live' ? 'teal' : 'orange'} aria-live="polite" visibleFrom="xs">
      {status === 'live' ? 'Live' : status === 'connecting' ? 'Connecting…' : 'Reconnecting…'}
    </Badge>
  );
}

function UserMenu() {
  const { signOut } = useAuth();
  const profile = useProfile();
  return (
    <Menu position="bottom-end" withArrow>
      <Menu.Target>
        <UnstyledButton aria-label={`Account of ${profile?.name}`}>
          <Group gap={6}>
            <Avatar size="sm" color="teal" radius="xl" aria-hidden>
              <IconUser size={16} />
            </Avatar>
            <Text size="sm" fw={500} visibleFrom="xs">
              {profile?.name}
            </Text>
            <IconChevronDown size={14} aria-hidden />
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>Signed in as {profile?.name}</Menu.Label>
        <Menu.Item leftSection={<IconLogout size={16} aria-hidden />} onClick={() => void signOut()}>
          Sign out
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

