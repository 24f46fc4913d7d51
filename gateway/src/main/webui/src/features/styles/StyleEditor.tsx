import { useState } from 'react';
import { Modal, Stack, TagsInput, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { GenerationParameters, fromParameters, toRequest, type GenerationSettings } from '@/components/GenerationParameters';
import { ProblemAlert } from '@/components/ProblemAlert';
import { useCreateStyle, useUpdateStyle, type Style, type StyleInput } from './api';
import { FormActions } from '@/components/FormActions';

/**
 * A custom style: its name, what it adds to every prompt, what the image should avoid, its default
 * parameters and example images. With {@code style} it edits that style, else it makes a new one.
 */
export function StyleEditor({ opened, onClose, style }: { opened: boolean; onClose: () => void; style?: Style }) {
  const createStyle = useCreateStyle();
  const updateStyle = useUpdateStyle();
  const create = style ? updateStyle : createStyle;
  const [name, setName] = useState(style?.name ?? '');
  const [description, setDescription] = useState(style?.description ?? '');
  const [suffix, setSuffix] = useState(style?.basePromptSuffix ?? '');
  const [negative, setNegative] = useState(style?.negativePrompt ?? '');
  const [settings, setSettings] = useState<GenerationSettings>(() => fromParameters(style?.parameters));
  const [examples, setExamples] = useState<string[]>(style?.exampleImages ?? []);

  const close = () => {
    create.reset();
    onClose();
  };
  const save = () => {
    const input: StyleInput = {
      name,
      description: description || undefined,
      basePromptSuffix: suffix,
      negativePrompt: negative || undefined,
      parameters: toRequest(settings).parameters,
      exampleImages: examples,
    };
    const saving = style ? updateStyle.mutateAsync({ id: style.id!, style: input }) : createStyle.mutateAsync(input);
    saving.then(
      () => {
        notifications.show({ message: `Style “${name}” saved` });
        if (!style) {
          setName('');
          setDescription('');
          setSuffix('');
          setNegative('');
          setSettings({});
          setExamples([]);
        }
        close();
      },
      () => undefined, // the error shows in the form
    );
  };

  return (
    <Modal opened={opened} onClose={close} title={style ? `Edit ${style.name}` : 'New style'} size="lg">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
      >
        <Stack>
          <ProblemAlert error={create.error} title="The style was not saved" />
          <TextInput label="Name" required maxLength={255} value={name} onChange={(e) => setName(e.currentTarget.value)} data-autofocus />
          <TextInput label="Description" maxLength={2000} value={description} onChange={(e) => setDescription(e.currentTarget.value)} />
          <Textarea
            label="Added to every prompt"
            description="Words that give the look, for example “soft window light, linen backdrop, muted palette”."
            required
            autosize
            minRows={2}
            maxLength={1000}
            value={suffix}
            onChange={(e) => setSuffix(e.currentTarget.value)}
          />
          <Textarea
            label="Avoid (negative prompt)"
            description="What the image should not show; models without a negative prompt get it as an instruction."
            autosize
            minRows={1}
            maxLength={1000}
            value={negative}
            onChange={(e) => setNegative(e.currentTarget.value)}
          />
          <GenerationParameters value={settings} onChange={setSettings} withStyleStrength={false} />
          <TagsInput
            label="Example images"
            description="Up to 10 links (https) to images in this style; press Enter after each."
            maxTags={10}
            value={examples}
            onChange={setExamples}
            clearable
          />
          <FormActions submit="Save style" onCancel={close} loading={create.isPending} disabled={!name.trim() || !suffix.trim()} />
        </Stack>
      </form>
    </Modal>
  );
}
