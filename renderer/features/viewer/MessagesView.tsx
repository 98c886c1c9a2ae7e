import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiMessage } from '../../../core/feishu/types';
import { SANDBOX_PROFILE_ID, type GetMessageRequest } from '../../../core/api/contract';
import { ResourceContext } from './ResourceButton';
import { buildMessageTree, type MessageNode } from '../../../core/messages';
import { ForwardTree } from '../tree/ForwardTree';
import { ContentView } from './ContentView';
import { MessageFields } from './MessageFields';

/**
 * The messages of one answer (fetched or opened from a file): a merge-forward as a tree with the
 * selected node below it, a single message as its fields and content.
 */
export function MessagesView({
  items,
  onOpenMessage,
  request,
}: {
  items: ApiMessage[];
  onOpenMessage: (messageId: string) => void;
  /** The lookup behind these items, when they were fetched (not opened from a file). */
  request?: GetMessageRequest;
}) {
  const { t } = useTranslation();
  const tree = useMemo(() => (items.length > 1 || items[0]?.msg_type === 'merge_forward' ? buildMessageTree(items) : undefined), [items]);
  const [selected, setSelected] = useState<MessageNode | undefined>(() => tree?.roots[0]);
  const item = selected?.item ?? items[0];
  // Attachments inside a forward are fetched through the container's ID.
  const containerId = items[0]?.message_id;
  const resourceContext = useMemo(
    () => (request && containerId ? { messageId: containerId, profileId: request.profileId ?? SANDBOX_PROFILE_ID } : null),
    [request, containerId],
  );
  return (
    <>
      {tree && selected && <ForwardTree tree={tree} selected={selected} onSelect={setSelected} />}
      {item ? (
        <>
          <MessageFields item={item} onOpenMessage={onOpenMessage} profileId={request?.profileId} />
          <ResourceContext.Provider value={resourceContext}>
            <ContentView key={item.message_id} item={item} request={request} />
          </ResourceContext.Provider>
        </>
      ) : (
        <p className="panel notice" role="status">
          {t('result.noItems')}
        </p>
      )}
    </>
  );
}
