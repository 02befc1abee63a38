#pragma once
// The one undo command: replaces the document's scenario, from `before` to `after`. Commands with the
// same merge key (an assumption name) and interaction merge, so a slider drag is a single step.
#include <QUndoCommand>

#include <functional>

#include "data/assumptions.h"

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
    // Both ends of the step are scenarios `accepts` takes (the data in use can show them).
    bool fits(const std::function<bool(const ff::Scenario &)> &accepts) const { return accepts(mBefore) && accepts(mAfter); }
    // Other data refuses the step: undo and redo skip it (QUndoStack deletes it when it gets there).
    void drop(const QString &text)
    {
        setText(text);
        setObsolete(true);
    }

private:
    ScenarioDocument *mDocument;
    ff::Scenario mBefore, mAfter;
    QString mMergeKey;
    int mSession;
};

} // namespace ffui
