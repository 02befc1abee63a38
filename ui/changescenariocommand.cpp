#include "changescenariocommand.h"

#include "scenariodocument.h"

namespace ffui {

namespace {
constexpr int kMergeId = 0x4646; // "FF"
}

ChangeScenarioCommand::ChangeScenarioCommand(ScenarioDocument *document, ff::Scenario before, ff::Scenario after,
                                             const QString &text, QString mergeKey, int session)
    : QUndoCommand(text), mDocument(document), mBefore(std::move(before)), mAfter(std::move(after)),
      mMergeKey(std::move(mergeKey)), mSession(session)
{
}

void ChangeScenarioCommand::undo() { mDocument->apply(mBefore); }

void ChangeScenarioCommand::redo() { mDocument->apply(mAfter); }

int ChangeScenarioCommand::id() const { return mMergeKey.isEmpty() ? -1 : kMergeId; }

bool ChangeScenarioCommand::mergeWith(const QUndoCommand *other)
{
    if (isObsolete()) // dropped (other data refuses it): nothing joins it
        return false;
    const auto *o = static_cast<const ChangeScenarioCommand *>(other);
    if (o->mDocument != mDocument || o->mMergeKey != mMergeKey || o->mSession != mSession)
        return false;
    mAfter = o->mAfter;
    setObsolete(mAfter == mBefore); // dragged back to where it started: nothing to undo
    return true;
}

} // namespace ffui
