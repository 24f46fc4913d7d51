import { useState } from 'react';
import { AspectRatio, Badge, Button, Card, Center, Group, Image, Loader, Pagination, SimpleGrid, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconArrowsShuffle, IconPalette, IconPencil, IconPhotoPlus, IconPlus, IconStack2, IconTrash } from '@tabler/icons-react';
import { Link } from 'react-router';
import { EmptyState } from '@/components/EmptyState';
import { PageHeader } from '@/components/PageHeader';
import { ProblemAlert } from '@/components/ProblemAlert';
import { useProfile } from '@/lib/auth';
import { StyleEditor } from './StyleEditor';
import { useDeleteStyle, useDrawMissingPreviews, useDrawPreviews, useGallery, type GalleryEntry } from './api';

/** The style gallery: the built-in and the vendor's styles as cards with their previews; new styles and mixes start here. */
export function StyleGallery() {
  const [page, setPage] = useState(0);
  const [creating, setCreating] = useState(false);
  const admin = useProfile()?.isAdmin ?? false;
  const drawMissing = useDrawMissingPreviews();
  const gallery = useGallery(page);
  const items = gallery.data?.items ?? [];
  const pages = Math.ceil((gallery.data?.total ?? 0) / (gallery.data?.size ?? 24));

  return (
    <>
      <PageHeader
        title="Styles"
        description="Looks you can put on any template: the built-in ones, yours, and mixes of them."
        actions={
          <>
            {admin && (
              <Button
                variant="default"
                loading={drawMissing.isPending}
                leftSection={<IconPhotoPlus size={16} aria-hidden />}
                onClick={() =>
                  drawMissing.mutate(undefined, {
                    onSuccess: (batches) =>
                      notifications.show({
                        message: batches.length
                          ? `Drawing previews of ${batches.length} built-in style(s): they appear here when the images are ready.`
                          : 'Every built-in style has its previews.',
                      }),
                    onError: (e) => notifications.show({ color: 'red', message: `Could not draw previews: ${e.message}` }),
                  })
                }
              >
                Draw missing previews
              </Button>
            )}
            <Button variant="default" component={Link} to="/styles/mix" leftSection={<IconArrowsShuffle size={16} aria-hidden />}>
              Mix styles
            </Button>
            <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setCreating(true)}>
              New style
            </Button>
          </>
        }
      />
      <ProblemAlert error={gallery.error} title="Could not load the styles" />
      {gallery.isPending ? (
        <Loader role="status" aria-label="Loading styles" />
      ) : items.length === 0 && !gallery.error ? (
        <EmptyState icon={<IconPalette size={28} />} title="No styles yet" action={<Button onClick={() => setCreating(true)}>Create a style</Button>}>
          A style adds its look to every prompt it is applied to.
        </EmptyState>
      ) : (
        <>
          <SimpleGrid cols={{ base: 1, xs: 2, md: 3, lg: 4 }} spacing="md" aria-label="Styles" role="list">
            {items.map((entry) => (
              <StyleCard key={entry.style?.id} entry={entry} />
            ))}
          </SimpleGrid>
          {pages > 1 && (
            <Center mt="lg">
              <Pagination total={pages} value={page + 1} onChange={(p) => setPage(p - 1)} aria-label="Pages of styles" />
            </Center>
          )}
        </>
      )}
      <StyleEditor opened={creating} onClose={() => setCreating(false)} />
    </>
  );
}

function StyleCard({ entry }: { entry: GalleryEntry }) {
  const style = entry.style!;
  const previews = entry.previews ?? [];
  const draw = useDrawPreviews();
  const remove = useDeleteStyle();
  const [editing, setEditing] = useState(false);
  const admin = useProfile()?.isAdmin ?? false;
  const isMix = style.mix !== null && style.mix !== undefined;
  const mine = !style.isPublic || admin;
  const confirmDelete = () =>
    modals.openConfirmModal({
      title: `Delete ${style.name}?`,
      children: <Text size="sm">Batches that used it keep their images; new work can no longer choose it.</Text>,
      labels: { confirm: 'Delete style', cancel: 'Keep it' },
      confirmProps: { color: 'red' },
      onConfirm: () =>
        remove.mutate(style.id!, {
          onSuccess: () => notifications.show({ message: `Style “${style.name}” deleted` }),
          onError: (e) => notifications.show({ color: 'red', message: `Could not delete it: ${e.message}` }),
        }),
    });
  const kind = style.isPublic ? 'Built-in' : isMix ? 'Your mix' : 'Yours';

  return (
    <Card withBorder radius="md" padding="sm" role="listitem" aria-label={style.name}>
      <Card.Section>
        {previews.length > 0 ? (
          <SimpleGrid cols={previews.length > 1 ? 2 : 1} spacing={2}>
            {previews.slice(0, previews.length > 1 ? 4 : 1).map((p) => (
              <AspectRatio key={p.itemId} ratio={1}>
                <Image src={p.thumbnailUrl ?? p.imageUrl} alt={`A preview of ${style.name}`} fit="cover" />
              </AspectRatio>
            ))}
          </SimpleGrid>
        ) : (
          <AspectRatio ratio={2}>
            <Center bg="var(--mantine-color-gray-0)">
              <Stack align="center" gap={4}>
                <ThemeIcon variant="light" size="lg" radius="xl" aria-hidden>
                  <IconPalette size={20} />
                </ThemeIcon>
                <Text size="xs" c="dimmed">
                  No previews yet
                </Text>
              </Stack>
            </Center>
          </AspectRatio>
        )}
      </Card.Section>
      <Stack gap={6} mt="sm" style={{ flex: 1 }}>
        <Group justify="space-between" wrap="nowrap" gap="xs">
          <Title order={3} size="h5" lineClamp={1}>
            {style.name}
          </Title>
          <Badge variant="light" color={style.isPublic ? 'gray' : isMix ? 'grape' : 'indigo'} style={{ flexShrink: 0 }}>
            {kind}
          </Badge>
        </Group>
        {style.description && (
          <Text size="sm" c="dimmed" lineClamp={2}>
            {style.description}
          </Text>
        )}
        <Text size="xs" c="dimmed" lineClamp={2} title={style.basePromptSuffix}>
          Adds: <Text span inherit fs="italic">{style.basePromptSuffix}</Text>
        </Text>
      </Stack>
      <Group gap="xs" mt="sm">
        <Button size="xs" variant="light" component={Link} to={`/batches/new?style=${style.id}`} leftSection={<IconStack2 size={14} aria-hidden />}
          aria-label={`Use in a batch: ${style.name}`}>
          Use in a batch
        </Button>
        {mine && !isMix && (
          <Button size="xs" variant="subtle" leftSection={<IconPencil size={14} aria-hidden />} onClick={() => setEditing(true)}
            aria-label={`Edit ${style.name}`}>
            Edit
          </Button>
        )}
        {mine && (
          <Button
            size="xs"
            variant="subtle"
            loading={draw.isPending}
            leftSection={<IconPhotoPlus size={14} aria-hidden />}
            aria-label={`Draw previews of ${style.name}`}
            onClick={() =>
              draw.mutate(style.id!, {
                onSuccess: () => notifications.show({ message: `Drawing previews of ${style.name}: they appear here when the images are ready.` }),
                onError: (e) => notifications.show({ color: 'red', message: `Could not draw previews: ${e.message}` }),
              })
            }
          >
            Draw previews
          </Button>
        )}
        {!style.isPublic && (
          <Button size="xs" variant="subtle" color="red" leftSection={<IconTrash size={14} aria-hidden />} loading={remove.isPending}
            onClick={confirmDelete} aria-label={`Delete ${style.name}`}>
            Delete
          </Button>
        )}
      </Group>
      {editing && <StyleEditor opened onClose={() => setEditing(false)} style={style} />}
    </Card>
  );
}
