import { useEffect, useRef, useState } from 'react';
import { Button, Center, Group, Loader, SegmentedControl, Select, SimpleGrid, Skeleton, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconLayoutGrid, IconPlus, IconSearch } from '@tabler/icons-react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { EmptyState } from '@/components/EmptyState';
import { PageHeader } from '@/components/PageHeader';
import { ProblemAlert } from '@/components/ProblemAlert';
import { useStyles } from '@/lib/styles';
import { useForkTemplate, useTemplateLibrary, type LibraryFilter, type Scope } from '../api';
import { TemplateCard } from './TemplateCard';

export const CATEGORIES = [
  { value: 'product', label: 'Product' },
  { value: 'marketing', label: 'Marketing' },
  { value: 'social', label: 'Social' },
  { value: 'brand', label: 'Brand' },
];

const SORTS = [
  { value: 'recent', label: 'Recently changed' },
  { value: 'name', label: 'Name' },
  { value: 'usage', label: 'Most used' },
  { value: 'success', label: 'Best success rate' },
];

/** The template library: the vendor's own or the platform's public ones, searched, filtered, sorted, loaded as you scroll. */
export function TemplateLibrary() {
  const [params, setParams] = useSearchParams();
  const scope = (params.get('scope') as Scope) ?? 'mine';
  const [text, setText] = useState(params.get('q') ?? '');
  const [q] = useDebouncedValue(text, 300);
  const category = params.get('category') ?? '';
  const style = params.get('style') ?? '';
  const styles = useStyles();
  const sort = (params.get('sort') as LibraryFilter['sort']) ?? 'recent';
  const set = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };

  const library = useTemplateLibrary({ scope, q, category, style, sort });
  const fork = useForkTemplate();
  const navigate = useNavigate();
  const templates = library.data?.pages.flatMap((p) => p.items ?? []) ?? [];
  const total = library.data?.pages[0]?.total ?? 0;

  const sentinel = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = sentinel.current;
    if (!el) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries[0].isIntersecting && library.hasNextPage && !library.isFetchingNextPage) void library.fetchNextPage();
    }, { rootMargin: '400px' });
    observer.observe(el);
    return () => observer.disconnect();
  }, [library]);

  const filtered = !!(q || category || style);
  return (
    <>
      <PageHeader
        title="Templates"
        description="Prompts with variables that your batches fill in, product by product."
        actions={
          <Button component={Link} to="/templates/new" leftSection={<IconPlus size={16} aria-hidden />}>
            New template
          </Button>
        }
      />
      <Group mb="md" gap="sm" wrap="wrap" align="flex-end">
        <SegmentedControl
          value={scope}
          onChange={(v) => set('scope', v === 'mine' ? null : v)}
          data={[
            { value: 'mine', label: 'My templates' },
            { value: 'public', label: 'Public templates' },
          ]}
          aria-label="Whose templates"
        />
        <TextInput
          label="Search"
          placeholder="Name, prompt or description"
          leftSection={<IconSearch size={16} aria-hidden />}
          value={text}
          onChange={(e) => {
            setText(e.currentTarget.value);
            set('q', e.currentTarget.value || null);
          }}
          w={260}
        />
        <Select label="Category" placeholder="All categories" data={CATEGORIES} value={category || null} onChange={(v) => set('category', v)} clearable clearButtonProps={{ 'aria-label': 'Clear the category' }} w={170} />
        <Select
          label="Style"
          placeholder="All styles"
          data={[...new Set((styles.data ?? []).map((st) => st.name!.toLowerCase()))]}
          value={style || null}
          onChange={(v) => set('style', v)}
          clearable
          clearButtonProps={{ 'aria-label': 'Clear the style' }}
          searchable
          w={170}
        />
        <Select label="Sort by" data={SORTS} value={sort} onChange={(v) => set('sort', v === 'recent' ? null : v)} allowDeselect={false} w={190} />
        {!library.isPending && (
          <Text size="sm" c="dimmed" ml="auto" aria-live="polite">
            {total} template{total === 1 ? '' : 's'}
          </Text>
        )}
      </Group>

      <ProblemAlert error={library.error} title="The templates could not be loaded" />
      {library.isPending ? (
        <SimpleGrid cols={{ base: 1, sm: 2, md: 3, xl: 4 }}>
          {Array.from({ length: 8 }, (_, i) => (
            <Skeleton key={i} h={300} radius="md" />
          ))}
        </SimpleGrid>
      ) : templates.length === 0 && !library.error ? (
        filtered ? (
          <EmptyState icon={<IconSearch />} title="No template matches" action={<Button variant="light" onClick={() => setParams({ scope })}>Clear the filters</Button>}>
            Try other words, or another category.
          </EmptyState>
        ) : scope === 'mine' ? (
          <EmptyState
            icon={<IconLayoutGrid />}
            title="No templates yet"
            action={
              <Group>
                <Button component={Link} to="/templates/new">
                  Create your first template
                </Button>
                <Button variant="light" onClick={() => set('scope', 'public')}>
                  Browse public templates
                </Button>
              </Group>
            }
          >
            A template is a prompt with variables such as {'{product_name}'}: write it once, then fill it for every product.
          </EmptyState>
        ) : (
          <EmptyState icon={<IconLayoutGrid />} title="No public templates yet">
            The platform's team has not published any templates yet.
          </EmptyState>
        )
      ) : (
        <SimpleGrid cols={{ base: 1, sm: 2, md: 3, xl: 4 }} aria-label="Template library">
          {templates.map((t) => (
            <TemplateCard
              key={t.id}
              template={t}
              forking={fork.isPending && fork.variables === t.id}
              onFork={
                scope === 'public'
                  ? () =>
                      fork.mutate(t.id!, {
                        onSuccess: (copy) => {
                          notifications.show({ color: 'teal', message: `"${t.name}" is now in your templates.` });
                          if (copy?.id) navigate(`/templates/${copy.id}`);
                        },
                        onError: (e) => notifications.show({ color: 'red', title: 'Could not copy the template', message: e.message }),
                      })
                  : undefined
              }
            />
          ))}
        </SimpleGrid>
      )}
      <div ref={sentinel} />
      {library.isFetchingNextPage && (
        <Center py="md">
          <Loader size="sm" role="status" aria-label="Loading more templates" />
        </Center>
      )}
    </>
  );
}
