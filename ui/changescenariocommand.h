#pragma once
// The one undo command: replaces the document's scenario, from `before` to `after`. Commands with the
// same merge key (an assumption name) and interaction merge, so a slider drag is a single step.
#include <QUndoCommand>

#include "assumptions.h"

namespace ffui {

class ScenarioDocument;

class ChangeScenarioCommand : public QUndoCommand {
public:
    ChangeScenarioCommand(ScenarioDocument *document, ff::Scenario before, ff::Scenario after, const QString &text,
                          QString mergeKey = {}, int session = 0);

    void undo() override;
    void redo() override;
    int id() const override;
    bool mergeWith(const QUndoCommand *other) override;

private:
    ScenarioDocument *mDocument;
    ff::Scenario mBefore, mAfter;
    QString mMergeKey;
    int mSession;
};

} // namespace ffui
