import { useState } from 'react';
import { Badge, Box, Button, Card, Group, Image, Loader, Select, SimpleGrid, Slider, Stack, Text, Title } from '@mantine/core';
import { IconTrophy } from '@tabler/icons-react';
import { Link, useParams } from 'react-router';
import { ImageResult } from '@/components/ImageResult';
import { PageHeader } from '@/components/PageHeader';
import { ProblemAlert } from '@/components/ProblemAlert';
import { useStyles } from '@/lib/styles';
import { describeSettings, finished, useAbTest, usePickWinner, type AbTest } from './api';

/** One A/B test: its variations side by side with their settings and ratings, a comparison slider, and the winner. */
export function AbTestPage() {
  const { id } = useParams();
  const test = useAbTest(id!);
  const pick = usePickWinner(id!);
  const variants = test.data?.variants ?? [];
  const done = finished(test.data);
  const styles = useStyles();
  const styleName = (id: string) => styles.data?.find((s) => s.id === id)?.name;

  return (
    <>
      <PageHeader
        title="A/B test"
        description={test.data?.prompt}
        actions={
          <Button variant="default" component={Link} to="/ab-tests">
            New test
          </Button>
        }
      />
      <ProblemAlert error={test.error} title="Could not load the test" />
      <ProblemAlert error={pick.error} title="The winner was not picked" />
      {test.isPending ? (
        <Loader role="status" aria-label="Loading the test" />
      ) : (
        <Stack gap="lg">
          {test.data?.winnerPicked && (
            <Text fw={500} role="status">
              Winner: {variants.find((v) => v.winner)?.label}
            </Text>
          )}
          <SimpleGrid cols={{ base: 1, sm: 2, lg: variants.length }} spacing="md">
            {variants.map((v) => (
              <Card key={v.image?.id ?? v.label} withBorder radius="md" padding="sm" role="group" aria-label={v.label}>
                <Stack gap="xs">
                  <Group justify="space-between">
                    <Title order={2} size="h5">
                      {v.label}
                    </Title>
                    {v.winner && (
                      <Badge color="teal" leftSection={<IconTrophy size={12} aria-hidden />}>
                        Winner
                      </Badge>
                    )}
                  </Group>
                  <Text size="xs" c="dimmed">
                    {describeSettings(v.settings, styleName)}
                  </Text>
                  <ImageResult item={v.image} alt={`${v.label}: ${test.data?.prompt}`} size={320} />
                  {!test.data?.winnerPicked && (
                    <Button
                      variant="light"
                      leftSection={<IconTrophy size={16} aria-hidden />}
                      disabled={!done || v.image?.status !== 'completed'}
                      loading={pick.isPending && pick.variables === v.image?.id}
                      onClick={() => pick.mutate(v.image!.id!)}
                      aria-label={`Pick as winner: ${v.label}`}
                    >
                      Pick as winner
                    </Button>
                  )}
                </Stack>
              </Card>
            ))}
          </SimpleGrid>
          {done && variants.filter((v) => v.image?.resultUrl).length >= 2 && <Comparison test={test.data!} />}
        </Stack>
      )}
    </>
  );
}

/** Two variations over each other, a slider revealing one or the other. */
function Comparison({ test }: { test: AbTest }) {
  const shown = (test.variants ?? []).filter((v) => v.image?.resultUrl);
  const [left, setLeft] = useState<string | null>(shown[0]?.label ?? null);
  const [right, setRight] = useState<string | null>(shown[1]?.label ?? null);
  const [split, setSplit] = useState(50);
  const a = shown.find((v) => v.label === left);
  const b = shown.find((v) => v.label === right);
  const labels = shown.map((v) => v.label!);

  return (
    <Card withBorder radius="md">
      <Stack>
        <Group justify="space-between" wrap="wrap">
          <Title order={2} size="h4">
            Compare
          </Title>
          <Group gap="xs">
            <Select aria-label="Left image" data={labels} value={left} onChange={setLeft} w={160} allowDeselect={false} />
            <Select aria-label="Right image" data={labels} value={right} onChange={setRight} w={160} allowDeselect={false} />
          </Group>
        </Group>
        {a && b && (
          <Box pos="relative" maw={560} w="100%" style={{ aspectRatio: '1', overflow: 'hidden', borderRadius: 'var(--mantine-radius-md)' }}>
            <Image src={b.image!.resultUrl} alt={`${b.label} (right)`} pos="absolute" inset={0} h="100%" w="100%" fit="cover" />
            <Image
              src={a.image!.resultUrl}
              alt={`${a.label} (left)`}
              pos="absolute"
              inset={0}
              h="100%"
              w="100%"
              fit="cover"
              style={{ clipPath: `inset(0 ${100 - split}% 0 0)` }}
            />
            <Box pos="absolute" top={0} bottom={0} left={`${split}%`} w={2} bg="white" style={{ boxShadow: '0 0 4px rgba(0,0,0,.5)' }} aria-hidden />
          </Box>
        )}
        <Slider maw={560} thumbLabel="Comparison: how much of the left image shows" value={split} onChange={setSplit} label={(v) => `${v}%`} />
      </Stack>
    </Card>
  );
}
