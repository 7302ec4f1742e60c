#!/bin/sh
# 把构建好的网站发布到 gh-pages 分支（GitHub Pages 选「Deploy from a branch: gh-pages / (root)」）。
# 正式网站在分支的根目录，每个合并请求的预览在 pr/<编号>/ 下，互不覆盖：
#
#   sh deploy/gh-pages.sh publish site .        发布正式网站（保留 pr/ 下的预览）
#   sh deploy/gh-pages.sh publish site pr/12    发布合并请求 #12 的预览
#   sh deploy/gh-pages.sh remove pr/12          合并请求关闭后删除它的预览
#
# 在手册仓库里运行，需要 git 和推送权限（CI 里由 actions/checkout 的凭据提供）。
# 环境变量：PAGES_BRANCH（默认 gh-pages）、PAGES_REMOTE（默认 origin）、PREVIEW_DIR（默认 pr）。
set -eu

branch=${PAGES_BRANCH:-gh-pages}
remote=${PAGES_REMOTE:-origin}
previews=${PREVIEW_DIR:-pr}

usage() {
    echo "用法：sh $0 publish <网站目录> <. 或 $previews/编号> | remove <$previews/编号>" >&2
    exit 2
}

[ $# -ge 2 ] || usage
action=$1
case $action in
    publish) [ $# -eq 3 ] || usage; source=$2; target=$3 ;;
    remove) [ $# -eq 2 ] || usage; source=; target=$2 ;;
    *) usage ;;
esac
case $target in
    . | "$previews"/[0-9]*) ;;
    *) echo "目标只能是 . 或 $previews/<编号>：$target" >&2; exit 2 ;;
esac
case $target in
    */*/* | *..*) echo "目标只能是 . 或 $previews/<编号>：$target" >&2; exit 2 ;;
esac
if [ "$action" = remove ] && [ "$target" = . ]; then
    echo "remove 只删除预览（$previews/<编号>），不删除正式网站" >&2
    exit 2
fi
if [ "$action" = publish ] && [ ! -f "$source/index.html" ]; then
    echo "$source/index.html 不存在：先运行 playbook build" >&2
    exit 1
fi
if [ -n "$source" ]; then
    source=$(cd "$source" && pwd)
fi

here=$(pwd)
work=$(mktemp -d)
cleanup() {
    cd "$here"
    git worktree remove --force "$work" 2>/dev/null || rm -rf "$work"
}
trap cleanup EXIT

if git fetch --quiet --depth 1 "$remote" "refs/heads/$branch" 2>/dev/null; then
    parent=$(git rev-parse FETCH_HEAD)
    git worktree add --quiet --detach "$work" "$parent"
else
    [ "$action" = publish ] || { echo "还没有 $branch 分支，没有可删除的预览"; exit 0; }
    parent=
    git worktree add --quiet --detach "$work"
    (cd "$work" && git rm -rfq --ignore-unmatch . && git clean -fdxq)
fi

cd "$work"
if [ "$target" = . ]; then
    # 正式网站：换掉根目录下除预览目录以外的全部内容
    for entry in * .[!.]* ..?*; do
        [ -e "$entry" ] || continue
        case $entry in .git | "$previews") continue ;; esac
        rm -rf "$entry"
    done
else
    rm -rf "$target"
fi
if [ "$action" = publish ]; then
    mkdir -p "$target"
    cp -R "$source/." "$target/"
fi
touch .nojekyll # 不让 GitHub Pages 用 Jekyll 处理（它会丢掉下划线开头的文件）

git add --all
tree=$(git write-tree)
if [ -n "$parent" ] && [ "$tree" = "$(git rev-parse "$parent^{tree}")" ]; then
    echo "没有变化：$target"
    exit 0
fi
export GIT_AUTHOR_NAME="${GIT_AUTHOR_NAME:-$(git config user.name || echo 'github-actions[bot]')}"
export GIT_AUTHOR_EMAIL="${GIT_AUTHOR_EMAIL:-$(git config user.email || echo '41898282+github-actions[bot]@users.noreply.github.com')}"
export GIT_COMMITTER_NAME="$GIT_AUTHOR_NAME" GIT_COMMITTER_EMAIL="$GIT_AUTHOR_EMAIL"
commit=$(git commit-tree "$tree" ${parent:+-p "$parent"} -m "$action $target")
git push --quiet "$remote" "$commit:refs/heads/$branch"
echo "已发布到 $branch 分支：$target"
