import { useMemo, useState } from 'react';
import { Alert, Blockquote, Button, Card, Grid, Group, Loader, MultiSelect, NumberInput, Slider, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconArrowLeft } from '@tabler/icons-react';
import { Link, useNavigate } from 'react-router';
import { PageHeader } from '@/components/PageHeader';
import { ProblemAlert } from '@/components/ProblemAlert';
import { useStyles } from '@/lib/styles';
import { useComposition, useSaveMix } from './api';
import { evenWeights, rebalance } from './weights';

const SAMPLE = 'A ceramic coffee mug on a wooden table';

/**
 * The mix builder: 2 to 4 styles with weights that always add up to 100, the prompt they make of a
 * sample product and their conflicts shown as the sliders move, saved as a style of the vendor's.
 */
export function MixBuilder() {
  const navigate = useNavigate();
  const styles = useStyles();
  const [chosen, setChosen] = useState<string[]>([]);
  const [weights, setWeights] = useState<number[]>([]);
  const [sample, setSample] = useState(SAMPLE);
  const [name, setName] = useState('');
  const save = useSaveMix();

  const nameOf = useMemo(() => new Map((styles.data ?? []).map((s) => [s.id!, s.name!])), [styles.data]);
  const mix = chosen.length >= 2 ? chosen.map((styleId, i) => ({ styleId, weight: weights[i] })) : null;
  // debounced as text: the mix is a new array on every render and would never settle
  const [mixText] = useDebouncedValue(JSON.stringify(mix), 200);
  const composedMix = JSON.parse(mixText) as typeof mix;
  const [composedSample] = useDebouncedValue(sample, 300);
  const composition = useComposition(composedSample, composedMix);
  const prompt = composition.data?.prompts?.[0];
  const conflicts = composition.data?.conflicts ?? [];

  const choose = (ids: string[]) => {
    setChosen(ids);
    setWeights(ids.length > 0 ? evenWeights(ids.length) : []);
  };
  const move = (index: number, value: number) => setWeights((w) => rebalance(w, index, value));

  return (
    <>
      <PageHeader
        title="Mix styles"
        description="Blend 2 to 4 styles. The weights always add up to 100; the strongest style leads the prompt."
        actions={
          <Button variant="default" component={Link} to="/styles" leftSection={<IconArrowLeft size={16} aria-hidden />}>
            All styles
          </Button>
        }
      />
      <ProblemAlert error={styles.error} title="Could not load the styles" />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Card withBorder radius="md">
            <Stack>
              <Title order={2} size="h4">
                Styles in the mix
              </Title>
              <MultiSelect
                label="Styles"
                description="Choose 2 to 4."
                placeholder={chosen.length < 4 ? 'Add a style' : undefined}
                searchable
                maxValues={4}
                data={(styles.data ?? []).map((s) => ({ value: s.id!, label: s.name! }))}
                value={chosen}
                onChange={choose}
                disabled={styles.isPending}
              />
              {chosen.map((id, i) => (
                <Stack key={id} gap={4}>
                  <Group justify="space-between">
                    <Text fw={500} size="sm" id={`weight-${id}`}>
                      {nameOf.get(id)}
                    </Text>
                    <NumberInput
                      aria-label={`Weight of ${nameOf.get(id)} (%)`}
                      size="xs"
                      w={90}
                      min={0}
                      max={100}
                      suffix="%"
                      clampBehavior="strict"
                      allowDecimal={false}
                      value={weights[i]}
                      onChange={(v) => typeof v === 'number' && move(i, v)}
                      disabled={chosen.length < 2}
                    />
                  </Group>
                  <Slider
                    aria-labelledby={`weight-${id}`}
                    thumbLabel={`Weight of ${nameOf.get(id)}`}
                    min={0}
                    max={100}
                    value={weights[i]}
                    onChange={(v) => move(i, v)}
                    disabled={chosen.length < 2}
                    label={(v) => `${v}%`}
                  />
                </Stack>
              ))}
              {chosen.length === 1 && (
                <Text size="sm" c="dimmed">
                  Add at least one more style to mix.
                </Text>
              )}
            </Stack>
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Card withBorder radius="md">
            <Stack>
              <Group justify="space-between">
                <Title order={2} size="h4">
                  The prompt it makes
                </Title>
                {composition.isFetching && <Loader size="xs" role="status" aria-label="Composing" />}
              </Group>
              <TextInput label="Sample product" value={sample} onChange={(e) => setSample(e.currentTarget.value)} maxLength={500} />
              <ProblemAlert error={composition.error} title="Could not compose the mix" />
              {mix === null ? (
                <Text size="sm" c="dimmed">
                  Choose two styles to see what they make of the sample.
                </Text>
              ) : (
                <Blockquote p="sm" data-testid="composed-prompt" aria-label="Composed prompt" aria-live="polite">
                  {prompt ?? '…'}
                </Blockquote>
              )}
              {conflicts.length > 0 && (
                <Alert color="yellow" variant="light" icon={<IconAlertTriangle aria-hidden />} title="These styles pull different ways" role="status">
                  <Stack gap={4}>
                    {conflicts.map((c, i) => (
                      <Text size="sm" key={i}>
                        {c.message}
                      </Text>
                    ))}
                  </Stack>
                </Alert>
              )}
              <form
                onSubmit={(e) => {
                  e.preventDefault();
                  if (!mix) return;
                  save.mutate(
                    { name, mix },
                    {
                      onSuccess: () => {
                        notifications.show({ message: `Mix “${name}” saved as a style` });
                        navigate('/styles');
                      },
                    },
                  );
                }}
              >
                <Stack gap="xs">
                  <ProblemAlert error={save.error} title="The mix was not saved" />
                  <Group align="flex-end" wrap="nowrap">
                    <TextInput label="Name of the mix" required maxLength={255} value={name} onChange={(e) => setName(e.currentTarget.value)} style={{ flex: 1 }} />
                    <Button type="submit" loading={save.isPending} disabled={!mix || !name.trim()}>
                      Save as style
                    </Button>
                  </Group>
                </Stack>
              </form>
            </Stack>
          </Card>
        </Grid.Col>
      </Grid>
    </>
  );
}
